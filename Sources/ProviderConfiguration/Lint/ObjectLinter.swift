import ProviderValues
import YAMLNodes

/// Checks one entry of `objects`: known fields, required fields, each field's syntax, `template` and what excludes it.
/// Messages are the mount's own (`ObjectsParser`).
struct ObjectLinter {
    let fields: MappingFields
    /// `object "name"`, or `objects[index]` without a name.
    let label: String
    let map: LineMap
    /// The entry's first line in the file.
    let line: Int

    /// Reports the entry's problems; returns its objectName and that field's file line, for the uniqueness check.
    static func lint(_ node: YAMLNode, index: Int, map: LineMap, into report: inout LintReport) -> (
        name: String, line: Int
    )? {
        let line = map.fileLine(node.line)
        guard let mapping = node.mapping else {
            report.error(
                line,
                ConfigurationError.invalidYAML(line: nil, problem: "objects[\(index)] must be a mapping of fields")
                    .description)
            return nil
        }
        let fields = MappingFields(mapping)
        let name = fields.string("objectName") ?? ""
        let linter = ObjectLinter(fields: fields, label: ObjectRules.label(fields, index: index), map: map, line: line)
        linter.checkFieldNames(&report)
        linter.checkRules(&report)
        return name.isEmpty ? nil : (name, linter.line(of: "objectName"))
    }

    /// Unknown fields and `objectVersion` are warnings: the mount ignores them.
    private func checkFieldNames(_ report: inout LintReport) {
        for (field, entry) in fields.entries where !KnownNames.objectFields.contains(field) {
            let problem =
                ObjectFieldNames.legacy.contains(field)
                ? "ignored, as by HashiCorp's provider"
                : "unknown field, ignored" + Suggestion.hint(for: field, among: KnownNames.objectFields)
            report.warning(map.fileLine(entry.line), "objects: \(label): \(field): \(problem)")
        }
    }

    /// The mount's rules (`ObjectRules`), each problem at its field's line; a template's syntax error at its own line.
    private func checkRules(_ report: inout LintReport) {
        for problem in ObjectRules.problems(in: fields, label: label) {
            guard let templateLine = problem.templateLine, let template = fields.string("template"),
                let entry = fields["template"]
            else {
                report.error(line(of: problem.field), problem.error.description)
                continue
            }
            // An unclosed section is found past the last line: point at the last line.
            let lastLine = 1 + template.dropLast(template.hasSuffix("\n") ? 1 : 0).filter { $0 == "\n" }.count
            let templateLines = map.content(of: entry.value, keyLine: entry.line)
            report.error(templateLines.fileLine(min(templateLine, lastLine)), problem.error.description)
        }
    }

    /// The file line of `field`'s key, or the entry's line when it is absent.
    private func line(of field: String) -> Int {
        fields[field].map { map.fileLine($0.line) } ?? line
    }
}

import ProviderValues
import Yams

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
    static func lint(_ node: Node, index: Int, map: LineMap, into report: inout LintReport) -> (name: String, line: Int)? {
        let line = map.fileLine(node.mark?.line)
        guard let mapping = node.mapping else {
            report.error(line, ConfigurationError.invalidYAML(line: nil, problem: "objects[\(index)] must be a mapping of fields").description)
            return nil
        }
        let fields = MappingFields(mapping)
        let name = fields.string("objectName") ?? ""
        let linter = ObjectLinter(fields: fields, label: name.isEmpty ? "objects[\(index)]" : "object \(Quoted(name))", map: map, line: line)
        linter.checkFieldNames(&report)
        linter.checkValues(&report)
        linter.checkTemplate(&report)
        return name.isEmpty ? nil : (name, linter.line(of: "objectName"))
    }

    /// Unknown fields and `objectVersion` are warnings: the mount ignores them.
    private func checkFieldNames(_ report: inout LintReport) {
        for (field, entry) in fields.entries where !KnownNames.objectFields.contains(field) {
            let problem = ObjectFieldNames.legacy.contains(field)
                ? "ignored, as by HashiCorp's provider"
                : "unknown field, ignored" + Suggestion.hint(for: field, among: KnownNames.objectFields)
            report.warning(map.fileLine(entry.line), "objects: \(label): \(field): \(problem)")
        }
    }

    private func checkValues(_ report: inout LintReport) {
        let nonStrings = Self.stringFields.filter { fields[$0].map { $0.value.scalar == nil } ?? false }
        for field in nonStrings { error(field, "expected a string", &report) }
        for field in ObjectFieldNames.required where (fields.string(field) ?? "").isEmpty && !nonStrings.contains(field) {
            error(field, "is required", &report)
        }
        if let name = fields.string("objectName"), !name.isEmpty, let problem = VolumePath.problem(with: name) {
            error("objectName", problem, &report)
        }
        let encoding = fields.string("encoding") ?? ""
        if Encoding(field: encoding) == nil {
            report.error(line(of: "encoding"), ConfigurationError.invalidEncoding(object: label, value: encoding).description)
        }
        let method = fields.string("method") ?? ""
        if !method.allSatisfy(\.isLetter) { error("method", "\(Quoted(method.uppercased())) is not an HTTP method", &report) }
        if let value = fields[nonNull: "filePermission"], value.scalar?.style != .plain || FilePermission.parseYAML(value.scalar?.string ?? "") == nil {
            error("filePermission", "expected a file mode such as 0640 (octal) or 416 (decimal), at most 0777", &report)
        }
        if let value = fields[nonNull: "secretArgs"], value.mapping == nil { error("secretArgs", "expected a mapping", &report) }
        for field in ["fileOwner", "fileGroup"] {
            if let value = fields[nonNull: field], NumericID.parse(value.scalar?.string ?? "") == nil {
                error(field, "expected a numeric id such as 1000", &report)
            }
        }
        let secretKey = fields.string("secretKey") ?? ""
        if secretKey.hasPrefix("/"), JSONPointer(secretKey) == nil {
            error("secretKey", "\(Quoted(secretKey)) is not a valid JSON Pointer: a ~ must be followed by 0 or 1 (~0 is ~, ~1 is /)", &report)
        }
    }

    /// The template's syntax, at its own line; `secretKey` (`*` included) and `encoding` beside it, at theirs.
    private func checkTemplate(_ report: inout LintReport) {
        guard let template = fields.string("template"), let entry = fields["template"] else { return }
        if !(fields.string("secretKey") ?? "").isEmpty {
            report.error(line(of: "secretKey"), ConfigurationError.invalidObject(
                object: label, field: "template", problem: "cannot be combined with secretKey: the template selects the keys").description)
        }
        if !(fields.string("encoding") ?? "").isEmpty {
            report.error(line(of: "encoding"), ConfigurationError.invalidObject(
                object: label, field: "template", problem: "cannot be combined with encoding: the template's output is written as is").description)
        }
        if let problem = TemplateSyntax.problem(in: template) {
            // An unclosed section is found past the last line: point at the last line.
            let lastLine = 1 + template.dropLast(template.hasSuffix("\n") ? 1 : 0).filter { $0 == "\n" }.count
            let templateLines = map.content(of: entry.value, keyLine: entry.line)
            report.error(templateLines.fileLine(min(problem.line, lastLine)), ConfigurationError.invalidObject(
                object: label, field: "template", problem: "line \(problem.line), column \(problem.column): \(problem.reason)").description)
        }
    }

    /// The file line of `field`'s key, or the entry's line when it is absent.
    private func line(of field: String) -> Int {
        fields[field].map { map.fileLine($0.line) } ?? line
    }

    private func error(_ field: String, _ problem: String, _ report: inout LintReport) {
        report.error(line(of: field), ConfigurationError.invalidObject(object: label, field: field, problem: problem).description)
    }

    /// Fields whose value is text: any scalar is taken as its text, a list or mapping is an error.
    private static let stringFields = ["objectName", "secretPath", "secretKey", "method", "encoding", "template"]
}

import YAMLNodes

/// Checks the `objects` parameter: its YAML, the list, its size, each entry (`ObjectLinter`), unique names.
enum ObjectsLinter {
    /// `map` places the YAML's lines in the file; `keyLine` is the `objects:` key's line.
    static func lint(_ yaml: String, map: LineMap, keyLine: Int, into report: inout LintReport) {
        let start = report.findings.count
        do {
            // Depth and anchors are refused while parsing, each at its line.
            let root = try YAMLParser(yaml, options: YAMLReading.objects).singleRoot()
            lintList(root, map: map, keyLine: keyLine, into: &report)
        } catch {
            report.error(
                map.fileLine(error.line), ConfigurationError.invalidYAML(line: nil, problem: error.problem).description)
        }
        if !report.hasErrors(since: start) { crossCheck(yaml, map: map, keyLine: keyLine, into: &report) }
    }

    private static func lintList(_ root: YAMLNode?, map: LineMap, keyLine: Int, into report: inout LintReport) {
        guard let root, !YAMLScalar.isNull(root) else {
            return report.error(keyLine, ConfigurationError.noObjects.description)
        }
        guard let sequence = root.items else {
            return report.error(
                map.fileLine(root.line),
                ConfigurationError.invalidYAML(line: nil, problem: "expected a list of objects").description)
        }
        if sequence.isEmpty { return report.error(keyLine, ConfigurationError.noObjects.description) }
        if sequence.count > Limits.maxObjects {
            return report.error(
                keyLine, ConfigurationError.tooManyObjects(count: sequence.count, limit: Limits.maxObjects).description)
        }
        var seen: Set<String> = []
        for (index, node) in sequence.enumerated() {
            guard let (name, line) = ObjectLinter.lint(node, index: index, map: map, into: &report) else { continue }
            if !seen.insert(name).inserted {
                report.error(line, ConfigurationError.duplicateObjectNames([name]).description)
            }
        }
        warnOfIneffectiveOptionals(sequence, map: map, into: &report)
    }

    /// `optional: true` on an object that shares its Vault request (path, method, `secretArgs`) with a required
    /// object does not keep a 404 from failing the Mount: one answer serves both.
    private static func warnOfIneffectiveOptionals(_ sequence: [YAMLNode], map: LineMap, into report: inout LintReport)
    {
        let entries = sequence.enumerated().compactMap { index, node in
            node.mapping.map { (fields: MappingFields($0), index: index) }
        }
        func request(_ fields: MappingFields) -> String {
            let arguments = fields[nonNull: "secretArgs"].flatMap { try? ObjectsParser.jsonValue($0).canonicalJSON }
            let method = (fields.string("method") ?? "").uppercased()
            return [method.isEmpty ? "GET" : method, fields.string("secretPath") ?? "", arguments ?? ""]
                .joined(separator: "\u{0}")
        }
        let isOptional = { (fields: MappingFields) in fields[nonNull: "optional"].flatMap(ObjectRules.boolean) == true }
        for (fields, index) in entries where isOptional(fields) {
            guard
                let required = entries.first(where: { !isOptional($0.fields) && request($0.fields) == request(fields) })
            else { continue }
            report.warning(
                map.fileLine(fields["optional"]?.line ?? 0),
                "objects: \(ObjectRules.label(fields, index: index)): optional: has no effect: "
                    + "\(ObjectRules.label(required.fields, index: required.index)) reads the same secret and is not "
                    + "optional, so a 404 still fails the Mount")
        }
    }

    /// The mount's own parser, once `lint` found no error: whatever it still refuses is an error too, so `lint`
    /// never passes a class the mount refuses.
    private static func crossCheck(_ yaml: String, map: LineMap, keyLine: Int, into report: inout LintReport) {
        do {
            _ = try ObjectsParser.parse(yaml)
        } catch ConfigurationError.invalidYAML(let line, let problem) {
            report.error(map.fileLine(line), ConfigurationError.invalidYAML(line: nil, problem: problem).description)
        } catch {
            report.error(keyLine, "\(error)")
        }
    }
}

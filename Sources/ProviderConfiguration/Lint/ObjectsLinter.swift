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

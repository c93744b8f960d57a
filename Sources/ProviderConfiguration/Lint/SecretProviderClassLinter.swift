import Yams

/// `vault-csi-provider lint`'s checks: every SecretProviderClass in a file of YAML documents, offline. Other kinds
/// are skipped. Pure: no files, no printing.
public enum SecretProviderClassLinter {
    /// Lints `text`, the contents of `file` (used only in the findings); findings are sorted by line.
    public static func lint(file: String, text: String) -> LintResult {
        var result = LintResult()
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            while let root = try parser.nextRoot() {
                guard case .mapping(let mapping) = root, isClass(MappingFields(mapping)) else { continue }
                result.classes += 1
                result.findings += ClassLinter.lint(MappingFields(mapping), root: root, file: file)
            }
        } catch {
            let (line, problem) = YAMLProblem.describe(error)
            result.findings.append(LintFinding(file: file, line: line ?? 1, severity: .error, message: "not valid YAML: \(problem)"))
        }
        result.findings = result.findings.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        return result
    }

    private static func isClass(_ document: MappingFields) -> Bool {
        document.string("kind") == "SecretProviderClass"
            && KnownNames.classAPIVersions.contains(document.string("apiVersion") ?? "")
    }
}

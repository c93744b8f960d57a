/// `vault-csi-provider lint`'s checks: every SecretProviderClass in a file of YAML documents, offline. Other kinds
/// are skipped. Pure: no files, no printing.
public enum SecretProviderClassLinter {
    /// Lints `text`, the contents of `file` (used only in the findings); findings are sorted by line.
    public static func lint(file: String, text: String) -> LintResult {
        var result = LintResult()
        let manifest = SecretProviderClassDocuments(text: text)
        for document in manifest.documents where KnownNames.classAPIVersions.contains(document.apiVersion ?? "") {
            result.classes += 1
            result.findings += ClassLinter.lint(MappingFields(document.mapping), root: document.root, file: file)
        }
        if let (line, problem) = manifest.yamlProblem {
            result.findings.append(
                LintFinding(file: file, line: line ?? 1, severity: .error, message: "not valid YAML: \(problem)"))
        }
        result.findings = result.findings.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
        return result
    }
}

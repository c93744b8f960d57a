/// Collects the findings for one SecretProviderClass, each message prefixed with the class.
struct LintReport {
    let file: String
    /// `secretproviderclass/<name>: `, kubectl's notation.
    let prefix: String
    private(set) var findings: [LintFinding] = []

    init(file: String, className: String?) {
        self.file = file
        prefix = "secretproviderclass/\(className ?? "(unnamed)"): "
    }

    mutating func error(_ line: Int, _ message: String) {
        findings.append(LintFinding(file: file, line: line, severity: .error, message: prefix + message))
    }

    mutating func warning(_ line: Int, _ message: String) {
        findings.append(LintFinding(file: file, line: line, severity: .warning, message: prefix + message))
    }

    /// Whether an error was reported since `count` findings.
    func hasErrors(since count: Int) -> Bool {
        findings.dropFirst(count).contains { $0.severity == .error }
    }
}

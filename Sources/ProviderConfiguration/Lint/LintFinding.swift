/// How serious a lint finding is: an error fails the mount, a warning is likely a mistake that does not.
public enum LintSeverity: String, Sendable, Hashable {
    case error
    case warning
}

/// One problem in a manifest, at a line of its file.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line in `file`.
    public var line: Int
    public var severity: LintSeverity
    /// Names the class (`secretproviderclass/<name>: `) and the field.
    public var message: String

    public init(file: String, line: Int, severity: LintSeverity, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    /// `FILE:LINE: error: MESSAGE`, the line `lint` prints.
    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// What linting one file found.
public struct LintResult: Sendable, Hashable {
    /// SecretProviderClass documents checked.
    public var classes: Int
    /// Sorted by line.
    public var findings: [LintFinding]

    public init(classes: Int = 0, findings: [LintFinding] = []) {
        self.classes = classes
        self.findings = findings
    }

    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }
}

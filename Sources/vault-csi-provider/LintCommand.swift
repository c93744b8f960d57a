import FoundationEssentials
import ProviderConfiguration
import ProviderValues

/// `vault-csi-provider lint FILE...`: checks SecretProviderClass manifests offline (docs/lint.md).
enum LintCommand {
    static let usage = """
        Usage: vault-csi-provider lint FILE...
          Checks every SecretProviderClass in the YAML files (- reads standard input) without Vault or a cluster.
          Prints FILE:LINE: error|warning: MESSAGE per finding, then a summary on standard error.
          Exit status: 0 no errors (warnings allowed), 1 errors or an unreadable file, 2 usage error.

        """

    /// Runs the command; the exit status: 0 no errors, 1 errors, 2 usage.
    static func run(_ arguments: [String]) -> Int32 {
        let files: [String]
        switch parse(arguments) {
        case .help:
            print(usage, terminator: "")
            return 0
        case .usageError(let problem):
            StandardStream.error.write("lint: \(problem)\n\(usage)")
            return 2
        case .files(let names):
            files = names
        }
        var findings: [LintFinding] = []
        var classes = 0
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            switch read(file) {
            case .success(let text):
                let result = SecretProviderClassLinter.lint(file: name, text: text)
                classes += result.classes
                findings += result.findings
            case .failure(let problem):
                findings.append(LintFinding(file: name, line: 1, severity: .error, message: problem.reason))
            }
        }
        // Stable: each file's findings are already sorted by line.
        findings = findings.enumerated().sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }.map(\.element)
        // Unbuffered, so the findings precede the summary when both outputs go to one pipe.
        StandardStream.output.write(findings.map { "\($0)\n" }.joined())
        let result = LintResult(classes: classes, findings: findings)
        StandardStream.error.write(summary(files: files.count, result: result) + "\n")
        return result.errors > 0 ? 1 : 0
    }

    /// `2 files, 3 classes: 1 error, 2 warnings`.
    static func summary(files: Int, result: LintResult) -> String {
        func count(_ number: Int, _ noun: String, _ plural: String) -> String { "\(number) \(number == 1 ? noun : plural)" }
        return count(files, "file", "files") + ", " + count(result.classes, "class", "classes") + ": "
            + count(result.errors, "error", "errors") + ", " + count(result.warnings, "warning", "warnings")
    }

    private enum Arguments {
        case files([String])
        case help
        case usageError(String)
    }

    /// Options end at `--`; `-` is a file (standard input).
    private static func parse(_ arguments: [String]) -> Arguments {
        var files: [String] = []
        var optionsEnded = false
        for argument in arguments {
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                files.append(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if ["-h", "-help", "--help"].contains(argument) {
                return .help
            } else {
                return .usageError("unknown option \(argument)")
            }
        }
        return files.isEmpty ? .usageError("no FILE given") : .files(files)
    }

    private struct ReadFailure: Error {
        let reason: String
    }

    private static func read(_ file: String) -> Result<String, ReadFailure> {
        let data: Data
        if file == "-" {
            data = Data(StandardStream.input.readToEnd())
        } else {
            let kind = FileKind.at(file)
            guard kind != .missing else {
                return .failure(ReadFailure(reason: "cannot read the file: no such file"))
            }
            if kind == .directory { return .failure(ReadFailure(reason: "cannot read the file: it is a directory")) }
            guard let contents = FileManager.default.contents(atPath: file) else {
                return .failure(ReadFailure(reason: "cannot read the file: permission denied or an I/O error"))
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ReadFailure(reason: "not valid YAML: the file is not UTF-8 text"))
        }
        return .success(text)
    }
}

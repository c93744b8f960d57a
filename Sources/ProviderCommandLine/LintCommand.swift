import ProviderConfiguration

/// `vault-csi-provider lint FILE...`: checks SecretProviderClass manifests offline (docs/lint.md).
package enum LintCommand {
    package static let usage = """
        Usage: vault-csi-provider lint FILE...
          Checks every SecretProviderClass in the YAML files (- reads standard input) without Vault or a cluster.
          Prints FILE:LINE: error|warning: MESSAGE per finding, then a summary on standard error.
          Exit status: 0 no errors (warnings allowed), 1 errors or an unreadable file, 2 usage error.

        """

    /// Runs the command; the exit status: 0 no errors, 1 errors, 2 usage.
    package static func run(_ arguments: [String], streams: CommandStreams) -> Int32 {
        let files: [String]
        switch parse(arguments) {
        case .help:
            streams.output(usage)
            return 0
        case .usageError(let problem):
            streams.error("lint: \(problem)\n\(usage)")
            return 2
        case .files(let names):
            files = names
        }
        var findings: [LintFinding] = []
        var classes = 0
        for file in files {
            let name = file == "-" ? "<stdin>" : file
            switch LintInput.read(file, standardInput: streams.input) {
            case .success(let text):
                let result = SecretProviderClassLinter.lint(file: name, text: text)
                classes += result.classes
                findings += result.findings
            case .failure(let problem):
                findings.append(LintFinding(file: name, line: 1, severity: .error, message: problem.reason))
            }
        }
        // Stable: each file's findings are already sorted by line.
        findings = findings.enumerated()
            .sorted { ($0.element.file, $0.offset) < ($1.element.file, $1.offset) }.map(\.element)
        // Before the summary, so the findings precede it when both outputs go to one pipe.
        streams.output(findings.map { "\($0)\n" }.joined())
        let result = LintResult(classes: classes, findings: findings)
        streams.error(summary(files: files.count, result: result) + "\n")
        return result.errors > 0 ? 1 : 0
    }

    /// `2 files, 3 classes: 1 error, 2 warnings`.
    package static func summary(files: Int, result: LintResult) -> String {
        func count(_ number: Int, _ noun: String, _ plural: String) -> String {
            "\(number) \(number == 1 ? noun : plural)"
        }
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
}

import ProviderCommandLine
import Testing

/// `lint` over fixture files and standard input: findings on standard output, the summary on standard error, and
/// the exit status.
@Suite struct LintCommandTests {
    let fixtures = repositoryRoot + "/Tests/Fixtures/lint"

    func lint(_ arguments: [String], input: String = "") -> (status: Int32, output: String, error: String) {
        let captured = CapturedStreams(input: input)
        let status = LintCommand.run(arguments, streams: captured.streams)
        return (status, captured.output, captured.error)
    }

    @Test func aCleanClassExitsZeroWithTheSummaryAlone() {
        let result = lint([fixtures + "/openbao-fork.yaml"])
        #expect(result.status == 0)
        #expect(result.output == "")
        #expect(result.error == "1 file, 4 classes: 0 errors, 0 warnings\n")
    }

    @Test func warningsAloneExitZero() {
        let file = fixtures + "/warnings.yaml"
        let result = lint([file])
        #expect(result.status == 0)
        #expect(
            result.output == """
                \(file):10: warning: secretproviderclass/with-warnings: vaultAdress: unknown parameter, ignored; \
                did you mean "vaultAddress"?
                \(file):15: warning: secretproviderclass/with-warnings: objects: object "password": objectVersion: \
                ignored, as by HashiCorp's provider

                """)
        #expect(result.error == "1 file, 1 class: 0 errors, 2 warnings\n")
    }

    @Test func anIssueIsReportedAndExitsOne() {
        let errors = fixtures + "/errors.yaml"
        let result = lint([fixtures + "/warnings.yaml", errors])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(
            lines.first
                == errors
                + #":29: error: secretproviderclass/broken: reuseLeases: must be a string; quote it ("false")"#)
        #expect(lines.prefix(3).allSatisfy { $0.hasPrefix(errors + ":") }, "sorted by file, then line")
        #expect(result.error == "2 files, 3 classes: 3 errors, 2 warnings\n")
    }

    @Test func aYAMLErrorIsAnErrorFinding() {
        let result = lint(["-"], input: "apiVersion: v1\nkind: [unclosed\n")
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("<stdin>:"), "\(result.output)")
        #expect(result.output.contains(": error: not valid YAML: "), "\(result.output)")
        #expect(result.error == "1 file, 0 classes: 1 error, 0 warnings\n")
    }

    @Test func dashReadsStandardInput() {
        let result = lint(["-"], input: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
        #expect(result.status == 0)
        #expect(result.error == "1 file, 0 classes: 0 errors, 0 warnings\n")
    }

    @Test func anUnreadableFileIsAnError() {
        let missing = fixtures + "/no-such-file.yaml"
        let result = lint([missing, fixtures])
        #expect(result.status == 1)
        #expect(
            result.output == """
                \(fixtures):1: error: cannot read the file: it is a directory
                \(missing):1: error: cannot read the file: no such file

                """)
        #expect(result.error == "2 files, 0 classes: 2 errors, 0 warnings\n")
    }

    @Test func helpAndUsageErrors() {
        for help in ["-h", "-help", "--help"] {
            let result = lint([help])
            #expect(result.status == 0)
            #expect(result.output == LintCommand.usage)
            #expect(result.error == "")
        }
        #expect(LintCommand.usage.hasPrefix("Usage: vault-csi-provider lint FILE...\n"))
        let none = lint([])
        #expect(none.status == 2)
        #expect(none.output == "")
        #expect(none.error == "lint: no FILE given\n" + LintCommand.usage)
        let unknown = lint(["--strict", fixtures + "/warnings.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.error == "lint: unknown option --strict\n" + LintCommand.usage)
        // After `--` everything is a file.
        #expect(lint(["--", "-h"]).output == "-h:1: error: cannot read the file: no such file\n")
    }
}

import Foundation
import XCTest

/// `vault-csi-provider lint` through the real binary: output, summary and exit codes (docs/lint.md).
final class LintCommandTests: XCTestCase {
    /// The repository root: file arguments are given relative to it, as a user would.
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func lint(_ arguments: [String], input: String = "") throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: ProviderBinary.path), "build the vault-csi-provider product first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProviderBinary.path)
        process.arguments = ["lint"] + arguments
        process.currentDirectoryURL = root
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // The outputs are small: read one after the other.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    func testWarningsOnlyExitsZero() throws {
        let result = try lint(["Tests/Fixtures/lint/warnings.yaml"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            result.stdout,
            """
            Tests/Fixtures/lint/warnings.yaml:10: warning: secretproviderclass/with-warnings: vaultAdress: \
            unknown parameter, ignored; did you mean "vaultAddress"?
            Tests/Fixtures/lint/warnings.yaml:15: warning: secretproviderclass/with-warnings: objects: \
            object "password": objectVersion: ignored, as by HashiCorp's provider

            """)
        XCTAssertEqual(result.stderr, "1 file, 1 class: 0 errors, 2 warnings\n")
    }

    func testErrorsExitOneAndFindingsAreSortedByFileThenLine() throws {
        let result = try lint(["Tests/Fixtures/lint/warnings.yaml", "Tests/Fixtures/lint/errors.yaml"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(
            lines.map { $0.split(separator: ":").prefix(2).joined(separator: ":") },
            [
                "Tests/Fixtures/lint/errors.yaml:29", "Tests/Fixtures/lint/errors.yaml:33",
                "Tests/Fixtures/lint/errors.yaml:38",
                "Tests/Fixtures/lint/warnings.yaml:10", "Tests/Fixtures/lint/warnings.yaml:15",
            ])
        XCTAssertEqual(
            lines[0],
            #"""
            Tests/Fixtures/lint/errors.yaml:29: error: secretproviderclass/broken: reuseLeases: must be a string; \#
            quote it ("false")
            """#
        )
        XCTAssertEqual(
            lines[1],
            #"""
            Tests/Fixtures/lint/errors.yaml:33: error: secretproviderclass/broken: objects: object "config.json": \#
            encoding "base32": invalid encoding type. Should be utf-8, base64, or hex
            """#
        )
        XCTAssertEqual(
            lines[2],
            #"""
            Tests/Fixtures/lint/errors.yaml:38: error: secretproviderclass/broken: objects: object "app.env": \#
            template: line 3, column 1: a section is never closed
            """#
        )
        XCTAssertEqual(result.stderr, "2 files, 3 classes: 3 errors, 2 warnings\n")
    }

    func testAnUnreadableFileIsAnError() throws {
        let result = try lint(["Tests/Fixtures/lint/no-such-file.yaml", "Tests/Fixtures/lint"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(
            result.stdout,
            """
            Tests/Fixtures/lint:1: error: cannot read the file: it is a directory
            Tests/Fixtures/lint/no-such-file.yaml:1: error: cannot read the file: no such file

            """)
        XCTAssertEqual(result.stderr, "2 files, 0 classes: 2 errors, 0 warnings\n")
    }

    func testUsage() throws {
        for arguments in [[], ["--strict", "Tests/Fixtures/lint/warnings.yaml"], ["-x"]] {
            let result = try lint(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertEqual(result.stdout, "")
            XCTAssertTrue(result.stderr.contains("Usage: vault-csi-provider lint FILE..."), result.stderr)
        }
        XCTAssertTrue(try lint([]).stderr.hasPrefix("lint: no FILE given\n"))
        XCTAssertTrue(try lint(["-x"]).stderr.hasPrefix("lint: unknown option -x\n"))
        for help in ["-h", "--help"] {
            let result = try lint([help])
            XCTAssertEqual(result.status, 0)
            XCTAssertTrue(result.stdout.hasPrefix("Usage: vault-csi-provider lint FILE..."), result.stdout)
        }
        // After `--` everything is a file.
        XCTAssertEqual(try lint(["--", "-h"]).stdout, "-h:1: error: cannot read the file: no such file\n")
    }

    func testDashReadsStandardInput() throws {
        let input = try String(
            contentsOf: root.appendingPathComponent("Tests/Fixtures/lint/warnings.yaml"), encoding: .utf8)
        let result = try lint(["-"], input: input)
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(
            result.stdout.hasPrefix("<stdin>:10: warning: secretproviderclass/with-warnings: vaultAdress: "),
            result.stdout)
    }

    /// The repository's own examples must lint clean.
    func testTheRepositorysExamplesHaveNoErrors() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "examples/" + $0 }
        XCTAssertFalse(examples.isEmpty)
        let result = try lint(examples + ["deploy/demo/app.yaml"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasSuffix(" 0 errors, 0 warnings\n"), result.stderr)
    }

    /// Classes written for the OpenBao fork's provider lint clean: no error, no warning, no suggestion.
    func testTheOpenBaoForksClassesPassUnchanged() throws {
        let result = try lint(["Tests/Fixtures/lint/openbao-fork.yaml"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("4 classes"), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix(" 0 errors, 0 warnings\n"), result.stderr)
    }
}

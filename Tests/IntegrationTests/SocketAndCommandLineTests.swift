import Foundation
import Logging
import ProviderServer
import ProviderTestSupport
import XCTest

/// Socket ownership (docs/reference.md) and the command line, through the real binary.
final class SocketAndCommandLineTests: LeakCheckedTestCase {
    var work: String!

    override func setUpWithError() throws {
        work =
            FileManager.default.temporaryDirectory.appendingPathComponent("socket-\(UUID().uuidString.prefix(8))").path
    }

    override func tearDown() async throws {
        try await super.tearDown()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    var binary: String { ProviderBinary.path }

    func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    func testVersionAndUsageErrors() throws {
        XCTAssertTrue(FileManager.default.fileExists(atPath: binary), "build the vault-csi-provider product first")
        for arguments in [["-version"], ["--version"], ["version"], ["--debug=false", "-version"]] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 0)
            XCTAssertEqual(result.output, "vault-csi-provider \(BuildInfo.version)\n")
        }
        for arguments in [
            ["-no-such-flag"], ["-endpoint"], ["-write-mode=sideways"], ["-log-level=chatty"], ["-cache-size=many"],
            ["-shutdown-grace-period=forever"], ["-vault-tls-skip-verify=perhaps"], ["frobnicate"],
            ["-log-format=xml"], ["-health-addr=8080"], ["-health-addr=:99999"],
        ] {
            let result = try run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.output)")
            XCTAssertTrue(result.output.contains("Usage of vault-csi-provider"), result.output)
        }
    }

    /// A bad variable is the environment's fault: exit 2, the variable named, and no flag usage suggesting a bad flag.
    func testABadEnvironmentVariableIsNotReportedAsABadFlag() throws {
        for (name, value) in [
            ("VAULT_SKIP_VERIFY", "perhaps"), ("BAO_SKIP_VERIFY", "perhaps"), ("VAULT_ADDR", "ftp://vault"),
        ] {
            let result = try run(["-endpoint", work + "/p.sock"], environment: [name: value])
            XCTAssertEqual(result.status, 2, "\(name): \(result.output)")
            XCTAssertTrue(result.output.hasPrefix("vault-csi-provider: "), result.output)
            XCTAssertTrue(result.output.contains(value), result.output)
            XCTAssertFalse(result.output.contains("flag"), result.output)
            XCTAssertFalse(result.output.contains("Usage of vault-csi-provider"), result.output)
        }
        let flagged = try run(["-vault-tls-skip-verify=perhaps"])
        XCTAssertTrue(
            flagged.output.contains("invalid value \"perhaps\" for flag -vault-tls-skip-verify"), flagged.output)
    }

    func testStaleFileIsReplacedAndShutdownRemovesOnlyItsOwnSocket() async throws {
        XCTAssertTrue(FileManager.default.fileExists(atPath: binary), "build the vault-csi-provider product first")
        let socket = work + "/deep/providers/vault.sock"
        try FileManager.default.createDirectory(atPath: work + "/deep/providers", withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: URL(fileURLWithPath: socket))
        let first = try await ProviderProcess.start(
            executable: binary, socketPath: socket, arguments: ["-log-level=debug"], logPath: work + "/first.log")
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: socket)[.type] as? FileAttributeType, .typeSocket)
        XCTAssertEqual(fileMode(socket)! & 0o077, 0, "the socket is private to its owner")
        let driver = try DriverClient(socketPath: socket)
        let name = try await driver.version().runtimeName
        XCTAssertEqual(name, "vault-csi-provider")
        await driver.close()

        // A newer instance takes the path over; the older one must not remove it on exit.
        let second = try await ProviderProcess.start(
            executable: binary, socketPath: socket, arguments: [], logPath: work + "/second.log")
        let firstStatus = await first.stop()
        XCTAssertEqual(firstStatus, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: socket), "the newer instance's socket survives")
        let again = try DriverClient(socketPath: socket)
        let version = try await again.version().version
        XCTAssertEqual(version, "v1alpha1")
        await again.close()
        let secondStatus = await second.stop()
        XCTAssertEqual(secondStatus, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: socket), "the owner removes its socket on shutdown")
        XCTAssertTrue(first.logContents.contains("\"message\":\"serving\""), first.logContents)
    }
}

import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import ProviderValues
import SecretsProvider
import VaultClient
import XCTest

/// TLS to a real OpenBao: trust (CA file, CA directory, skip-verify), server name, client certificates, settings
/// layering and client reuse, all through the provider's socket.
final class TLSTests: ProviderTestCase {
    private var certificates: TestCertificates!
    private var scratch: String!
    private var layeredProviders: [ProviderHarness] = []

    /// The listener presenting the test CA's server certificate.
    private var tlsAddress: String { environment.bao.tlsAddresses[0] }
    /// The listener that also requires a client certificate issued by the test CA.
    private var mutualTLSAddress: String { environment.bao.tlsAddresses[1] }
    /// The listener whose certificate names only `vault.test`, not 127.0.0.1.
    private var namedTLSAddress: String { environment.bao.tlsAddresses[2] }
    /// The listener whose certificate names `vault.acc.test` and IP 127.0.0.1 (its CN is `localhost`).
    private var ipTLSPort: String { String(environment.bao.tlsAddresses[3].split(separator: ":").last!) }

    override func setUp() async throws {
        try await super.setUp()
        certificates = try TestCertificates.generate(label: "vault")
        scratch = certificates.directory + "/scratch"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        environment = try await DemoEnvironment.start(tlsListeners: [
            .init(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey),
            .init(
                certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey,
                clientCAFile: certificates.caCertificate),
            .init(certificateFile: certificates.namedServerCertificate, keyFile: certificates.namedServerKey),
            .init(certificateFile: certificates.ipServerCertificate, keyFile: certificates.ipServerKey),
        ])
        // These tests are about TLS; the test CAs are in temporary folders (testClassTLSFiles... checks the
        // confinement).
        provider = try await startProvider(allowedTLSDirectories: [FileManager.default.temporaryDirectory.path])
    }

    override func tearDown() async throws {
        for harness in layeredProviders { await harness.stop() }
        try await super.tearDown()
        certificates?.remove()
    }

    // MARK: names, as Go checks them

    /// `localhost` connects to 127.0.0.1, and the certificate holds IP 127.0.0.1 (and CN localhost), but neither is
    /// the name asked for: refused, as HashiCorp's provider refuses it. NIOSSL alone accepted it.
    func testAnIPSANDoesNotMatchTheHostLocalhost() async throws {
        let error = try await mountError([
            "vaultAddress": "https://localhost:\(ipTLSPort)", "vaultCACertPath": certificates.caCertificate,
        ])
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(
            error.message.contains(
                """
                Vault's certificate does not match the name \"localhost\" (the certificate is valid for \
                vault.acc.test, 127.0.0.1, not localhost)
                """
            ),
            error.message)
    }

    func testAnIPSANMatchesTheSameIPLiteral() async throws {
        let files = try await mountFiles([
            "vaultAddress": "https://127.0.0.1:\(ipTLSPort)", "vaultCACertPath": certificates.caCertificate,
        ])
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    func testTheServerNameIsTheReferenceIdentity() async throws {
        let files = try await mountFiles([
            "vaultAddress": "https://localhost:\(ipTLSPort)", "vaultCACertPath": certificates.caCertificate,
            "vaultTLSServerName": "vault.acc.test",
        ])
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    // MARK: trust

    func testCAFileTrustsVault() async throws {
        let files = try await mountFiles(["vaultAddress": tlsAddress, "vaultCACertPath": certificates.caCertificate])
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    func testCADirectoryIsEnumeratedNotHashed() async throws {
        let directory = try caDirectory(with: certificates.caCertificate)
        let files = try await mountFiles(["vaultAddress": tlsAddress, "vaultCADirectory": directory])
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    func testNoCAFailsAsUntrustedNamingTheURL() async throws {
        let token = environment.podToken()
        let error = try await mountError(["vaultAddress": tlsAddress], token: token)
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.contains("Vault's certificate is not trusted"), error.message)
        XCTAssertTrue(error.message.contains("vaultCACertPath"), "says what to set: \(error.message)")
        XCTAssertTrue(error.message.contains("\(tlsAddress)/v1/auth/kubernetes/login"), error.message)
        assertNoSecrets(error.message, token: token)
    }

    func testSkipVerifyNeedsNoCAAndWarnsOnEveryMount() async throws {
        for _ in 0..<2 {
            let files = try await mountFiles(["vaultAddress": tlsAddress, "vaultSkipTLSVerify": "true"])
            XCTAssertEqual(files, DemoEnvironment.appSecret)
        }
        let warnings = provider.logs.text.split(separator: "\n").filter {
            $0.contains("TLS certificate is not verified")
        }
        XCTAssertEqual(warnings.count, 2, "one warning per mount that skips verification")
        XCTAssertTrue(warnings.allSatisfy { $0.contains(#""pod": web-0"#) }, "\(warnings)")
    }

    func testSkipVerifyMustBeABoolean() async throws {
        let error = try await mountError(["vaultAddress": tlsAddress, "vaultSkipTLSVerify": "maybe"])
        XCTAssertEqual(error.code, .invalidArgument, error.message)
        XCTAssertTrue(error.message.contains("vaultSkipTLSVerify"), error.message)
        XCTAssertTrue(error.message.contains("maybe"), error.message)
    }

    // MARK: server name

    func testServerNameIsSentAndChecked() async throws {
        for address in [tlsAddress, namedTLSAddress] {
            let files = try await mountFiles([
                "vaultAddress": address, "vaultCACertPath": certificates.caCertificate,
                "vaultTLSServerName": TestCertificates.extraServerName,
            ])
            XCTAssertEqual(files, DemoEnvironment.appSecret, address)
        }
    }

    func testWrongServerNameFailsAsNameMismatch() async throws {
        let token = environment.podToken()
        let error = try await mountError(
            [
                "vaultAddress": namedTLSAddress, "vaultCACertPath": certificates.caCertificate,
                "vaultTLSServerName": "other.test",
            ], token: token)
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.contains("does not match the name \"other.test\""), error.message)
        XCTAssertTrue(error.message.contains("vaultTLSServerName"), error.message)
        XCTAssertTrue(
            error.message.contains("\(namedTLSAddress)/v1/auth/kubernetes/login"),
            "the configured URL: \(error.message)")
        assertNoSecrets(error.message, token: token)
    }

    func testAddressHostIsCheckedWithoutServerName() async throws {
        let error = try await mountError([
            "vaultAddress": namedTLSAddress, "vaultCACertPath": certificates.caCertificate,
        ])
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.contains("does not match the name \"127.0.0.1\""), error.message)
    }

    // MARK: client certificates

    func testClientCertificateIsPresented() async throws {
        let files = try await mountFiles([
            "vaultAddress": mutualTLSAddress, "vaultCACertPath": certificates.caCertificate,
            "vaultTLSClientCertPath": certificates.clientCertificate, "vaultTLSClientKeyPath": certificates.clientKey,
        ])
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    func testMissingClientCertificateIsExplained() async throws {
        let token = environment.podToken()
        let error = try await mountError(
            ["vaultAddress": mutualTLSAddress, "vaultCACertPath": certificates.caCertificate], token: token)
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.contains("requires a TLS client certificate"), error.message)
        XCTAssertTrue(error.message.contains("vaultTLSClientCertPath"), error.message)
        XCTAssertTrue(error.message.contains("\(mutualTLSAddress)/v1/auth/kubernetes/login"), error.message)
        assertNoSecrets(error.message, token: token)
    }

    func testClientCertificateFromAnotherCAIsRefused() async throws {
        let stranger = try TestCertificates.generate(label: "stranger")
        defer { stranger.remove() }
        let error = try await mountError([
            "vaultAddress": mutualTLSAddress, "vaultCACertPath": certificates.caCertificate,
            "vaultTLSClientCertPath": stranger.clientCertificate, "vaultTLSClientKeyPath": stranger.clientKey,
        ])
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.contains("Vault refused the TLS client certificate"), error.message)
        XCTAssertTrue(error.message.contains(mutualTLSAddress), error.message)
    }

    func testClientCertificateAndKeyGoTogether() async throws {
        let halves = [
            ["vaultTLSClientCertPath": certificates.clientCertificate],
            ["vaultTLSClientKeyPath": certificates.clientKey],
        ]
        for half in halves {
            let error = try await mountError(half.merging(["vaultAddress": mutualTLSAddress]) { old, _ in old })
            XCTAssertEqual(error.code, .invalidArgument, error.message)
            XCTAssertTrue(error.message.contains("vaultTLSClientCertPath"), error.message)
            XCTAssertTrue(error.message.contains("vaultTLSClientKeyPath"), error.message)
        }
    }

    // MARK: process-level settings

    func testProcessCAFileServesClassesWithoutTLSParameters() async throws {
        let layered = try await startProvider(tls: TLSSettings(caCertPath: certificates.caCertificate))
        let files = try await mountFiles([:], harness: layered)
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    func testClassCADirectoryReplacesProcessCAFile() async throws {
        let layered = try await startProvider(tls: TLSSettings(caCertPath: certificates.caCertificate))
        let stranger = try TestCertificates.generate(label: "stranger")
        defer { stranger.remove() }
        // A merge would still trust the process's CA file; a replacement trusts only the stranger CA.
        let error = try await mountError(
            ["vaultCADirectory": try caDirectory(with: stranger.caCertificate)], harness: layered)
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.contains("not trusted"), error.message)

        let files = try await mountFiles(
            ["vaultCADirectory": try caDirectory(with: certificates.caCertificate)], harness: layered)
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    // MARK: files a class names (-allowed-tls-dir)

    /// A FIFO (from the class author's own emptyDir) once blocked the open forever inside the client pool's actor,
    /// and every later Mount on the node with it. Now it is refused at once, and other Mounts go on.
    func testAFIFONamedByAClassFailsInTimeAndOtherMountsGoOn() async throws {
        let fifo = certificates.directory + "/fifo.pem"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let started = ContinuousClock.now
        let error = try await mountError(["vaultAddress": tlsAddress, "vaultCACertPath": fifo], timeout: .seconds(4))
        XCTAssertEqual(error.code, .invalidArgument, error.message)
        XCTAssertTrue(
            error.message.contains("cannot load the TLS CA certificate \(fifo): not a regular file"), error.message)
        XCTAssertLessThan(started.duration(to: .now), .seconds(3))
        let ordinary = ContinuousClock.now
        let files = try await mountFiles(
            ["vaultAddress": tlsAddress, "vaultCACertPath": certificates.caCertificate], timeout: .seconds(5))
        XCTAssertEqual(files, DemoEnvironment.appSecret)
        XCTAssertLessThan(ordinary.duration(to: .now), .seconds(5))
    }

    /// Outside the allowed directories (after resolving links): another pod's Secret volume, a device, a link out.
    func testClassTLSFilesOutsideTheAllowedDirectoriesAreRefused() async throws {
        let restricted = try await startProvider(tls: TLSSettings(), allowedTLSDirectories: [scratch])
        let otherPod = restricted.kubeletDirectory + "/pods/other-uid/volumes/kubernetes.io~secret/tls"
        try FileManager.default.createDirectory(atPath: otherPod, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: certificates.caCertificate, toPath: otherPod + "/ca.crt")
        try FileManager.default.createSymbolicLink(
            atPath: scratch + "/link.crt", withDestinationPath: otherPod + "/ca.crt")
        for (parameter, path) in [
            ("vaultCACertPath", otherPod + "/ca.crt"), ("vaultCACertPath", "/dev/zero"),
            ("vaultCACertPath", scratch + "/link.crt"), ("vaultCADirectory", otherPod),
            ("vaultTLSClientCertPath", certificates.clientCertificate),
        ] {
            var parameters = ["vaultAddress": tlsAddress, parameter: path]
            if parameter == "vaultTLSClientCertPath" { parameters["vaultTLSClientKeyPath"] = certificates.clientKey }
            let error = try await mountError(parameters, harness: restricted)
            XCTAssertEqual(error.code, .permissionDenied, "\(path): \(error.message)")
            XCTAssertTrue(
                error.message.hasPrefix(
                    "\(parameter) \(Quoted(path)) is not under a directory allowed by -allowed-tls-dir (\(scratch!))"),
                error.message)
        }
        // Inside, through a link that stays inside: read.
        try FileManager.default.copyItem(atPath: certificates.caCertificate, toPath: scratch + "/ca.crt")
        try FileManager.default.createSymbolicLink(atPath: scratch + "/current.crt", withDestinationPath: "ca.crt")
        let files = try await mountFiles(
            ["vaultAddress": tlsAddress, "vaultCACertPath": scratch + "/current.crt"], harness: restricted)
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    /// The provider's own settings are the operator's: not restricted (the layered provider allows only /vault/tls).
    func testProcessTLSFilesAreNotRestricted() async throws {
        let layered = try await startProvider(
            tls: TLSSettings(caCertPath: certificates.caCertificate),
            allowedTLSDirectories: ProviderSettings.defaultAllowedTLSDirectories)
        let files = try await mountFiles([:], harness: layered)
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    // MARK: client reuse

    func testOneHTTPClientPerAddressAndTLSSettings() async throws {
        let parameters = ["vaultAddress": tlsAddress, "vaultCACertPath": certificates.caCertificate]
        for _ in 0..<3 {
            _ = try await mountFiles(parameters)
        }
        XCTAssertEqual(clientsCreated(provider), 1, "three mounts with the same settings share one client")
        _ = try await mountFiles(
            parameters.merging(["vaultTLSServerName": TestCertificates.extraServerName]) { _, new in new })
        XCTAssertEqual(clientsCreated(provider), 2, "other TLS settings get their own client")
    }

    func testPoolKeepsOneClientPerSettings() async throws {
        let pool = VaultClientPool(logger: .init(label: "test"))
        let tls = TLSSettings(caCertPath: certificates.caCertificate)
        let first = try await pool.client(address: tlsAddress, tls: tls)
        for _ in 0..<3 {
            let again = try await pool.client(
                address: tlsAddress, tls: TLSSettings(caCertPath: certificates.caCertificate))
            XCTAssertTrue(again === first)
        }
        let poolCount = await pool.count
        XCTAssertEqual(poolCount, 1)
        _ = try await pool.client(
            address: tlsAddress, tls: TLSSettings(caCertPath: certificates.caCertificate, skipVerify: true))
        let grown = await pool.count
        XCTAssertEqual(grown, 2)
        await pool.shutdown()
    }

    // MARK: helpers

    private func startProvider(tls: TLSSettings, allowedTLSDirectories: [String]? = nil) async throws -> ProviderHarness
    {
        let address = tlsAddress
        let allowed = allowedTLSDirectories ?? [FileManager.default.temporaryDirectory.path]
        let harness = try await ProviderHarness { kubelet in
            var settings = ProviderSettings(
                vault: VaultSettings(address: address, tls: tls), writeMode: .driver, kubeletDirectory: kubelet)
            settings.allowedTLSDirectories = allowed
            return settings
        }
        layeredProviders.append(harness)
        return harness
    }

    /// Mounts `appObjects` in driver mode and returns the files' contents by name.
    private func mountFiles(
        _ parameters: [String: String], harness: ProviderHarness? = nil,
        timeout: Duration = .seconds(30)
    ) async throws -> [String: String] {
        let harness = harness ?? provider!
        let target = try harness.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await harness.driver.mount(
            attributes: attributes(Self.appObjects, parameters), targetPath: target, timeout: timeout)
        return Dictionary(
            uniqueKeysWithValues: response.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    /// The gRPC error of a mount that must fail.
    private func mountError(
        _ parameters: [String: String], token: String? = nil, harness: ProviderHarness? = nil,
        timeout: Duration = .seconds(30), file: StaticString = #filePath, line: UInt = #line
    ) async throws -> RPCError {
        let harness = harness ?? provider!
        let target = try harness.targetPath(podUID: environment.pod.uid, create: false)
        do {
            _ = try await harness.driver.mount(
                attributes: attributes(Self.appObjects, parameters, token: token), targetPath: target,
                timeout: timeout)
        } catch let error as RPCError {
            return error
        }
        XCTFail("the mount succeeded", file: file, line: line)
        throw TestSupportError("the mount succeeded")
    }

    /// A folder holding `caFile` as a plain `ca.pem` next to an unrelated CA, a text file and a sub-folder.
    private func caDirectory(with caFile: String) throws -> String {
        let directory = scratch + "/cas-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory + "/nested", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: caFile, toPath: directory + "/ca.pem")
        let unrelated = try TestCertificates.generate(label: "unrelated")
        defer { unrelated.remove() }
        try FileManager.default.copyItem(atPath: unrelated.caCertificate, toPath: directory + "/other-ca.pem")
        try "not a certificate\n".write(toFile: directory + "/README.txt", atomically: true, encoding: .utf8)
        return directory
    }

    /// How many Vault HTTP clients the provider has built.
    private func clientsCreated(_ harness: ProviderHarness) -> Int {
        harness.logs.text.components(separatedBy: "vault client created").count - 1
    }

    private func assertNoSecrets(_ message: String, token: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(message.contains(token), "no token", file: file, line: line)
        for value in DemoEnvironment.appSecret.values {
            XCTAssertFalse(message.contains(value), "no secret value", file: file, line: line)
        }
        XCTAssertFalse(message.contains(".build/"), "no source paths from BoringSSL", file: file, line: line)
    }
}

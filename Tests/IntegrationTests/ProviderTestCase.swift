import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderServer
import ProviderTestSupport
import SecretsProvider
import VaultClient
import XCTest

/// A real OpenBao and the provider on its real socket, fresh for each test.
class ProviderTestCase: LeakCheckedTestCase {
    var environment: DemoEnvironment!
    var provider: ProviderHarness!

    override func setUp() async throws {
        try await super.setUp()
        environment = try await DemoEnvironment.start()
        provider = try await startProvider()
    }

    override func tearDown() async throws {
        await provider?.stop()
        await environment?.stop()
        try await super.tearDown()
    }

    func startProvider(
        writeMode: WriteMode = .auto, address: String? = nil,
        maxConcurrentVaultRequests: Int = VaultClientPool.defaultMaxConcurrentRequests,
        allowedTLSDirectories: [String] = ProviderSettings.defaultAllowedTLSDirectories,
        transport: VaultTransportSettings = VaultTransportSettings()
    ) async throws -> ProviderHarness {
        let address = address ?? environment.bao.address
        return try await ProviderHarness(maxConcurrentVaultRequests: maxConcurrentVaultRequests, transport: transport) {
            kubelet in
            var settings = ProviderSettings(
                vault: VaultSettings(address: address), writeMode: writeMode, kubeletDirectory: kubelet)
            settings.allowedTLSDirectories = allowedTLSDirectories
            return settings
        }
    }

    /// A real PostgreSQL behind OpenBao's database engine (`database/creds/app`), readable by the `app` policy.
    func startDatabaseCredentials() async throws -> PostgresServer {
        try await VaultTestSetup.writePolicy(
            environment.bao, name: "app", hcl: #"path "database/creds/*" { capabilities = ["read"] }"#)
        let postgres = try await PostgresServer.start()
        try await VaultTestSetup.enablePostgresCredentials(environment.bao, postgres: postgres)
        return postgres
    }

    func attributes(_ objects: String, _ extra: [String: String] = [:], token: String? = nil) -> String {
        environment.attributes(
            parameters: ["roleName": environment.role, "objects": objects].merging(extra) { _, new in new },
            token: token)
    }

    static let appObjects = """
        - objectName: username
          secretPath: secret/data/app
          secretKey: username
        - objectName: password
          secretPath: /v1/secret/data/app
          secretKey: password
          filePermission: 0600
        """

    /// The volume's entries with their link targets and contents.
    func snapshot(_ target: String) throws -> [String: String] {
        var entries: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: target) {
            let path = target + "/" + name
            entries[name] =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map {
                    "-> \($0) " + (readText(path) ?? "")
                } ?? "dir"
        }
        return entries
    }
}

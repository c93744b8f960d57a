import Foundation
import GRPCCore
import KubernetesClient
import Logging
import ProviderConfiguration
import ProviderTestSupport
import ProviderWiring
import SecretsProvider
import XCTest

/// The provider's own Kubernetes calls, against the stand-in: the TokenRequest fallback and the HMAC key Secret.
final class KubernetesIntegrationTests: ProviderTestCase {
    static let providerNamespace = "csi"
    static let secretName = "vault-csi-provider-hmac-key"
    var kubernetesClients: [KubernetesAPIClient] = []

    override func tearDown() async throws {
        for client in kubernetesClients { await client.shutdown() }
        try await super.tearDown()
    }

    /// A provider whose Kubernetes client talks to `server` (the stand-in unless given).
    func startKubernetesProvider(server: String? = nil) async throws -> ProviderHarness {
        let config = KubernetesConfig(
            server: server ?? environment.kubernetes.url, credentials: .token("provider-sa-token"),
            namespace: Self.providerNamespace)
        let client = try KubernetesAPIClient(config: config, logger: Logger(label: "test"))
        kubernetesClients.append(client)
        let address = environment.bao.address
        return try await ProviderHarness(
            settings: { ProviderSettings(vault: VaultSettings(address: address), kubeletDirectory: $0) },
            tokenSource: KubernetesTokenSource(client: client),
            versionKeySource: KubernetesVersionKeySource(
                client: client, namespace: Self.providerNamespace, secretName: Self.secretName))
    }

    /// Attributes as a driver without `tokenRequests` sends them: no token at all.
    func attributesWithoutToken(_ parameters: [String: String]) throws -> String {
        var attributes =
            try JSONSerialization.jsonObject(with: Data(environment.attributes(parameters: parameters).utf8))
            as! [String: String]
        attributes.removeValue(forKey: AttributeKeys.serviceAccountTokens)
        return String(decoding: try JSONSerialization.data(withJSONObject: attributes), as: UTF8.self)
    }

    func testTokenRequestFallbackMintsABoundTokenForTheAudience() async throws {
        await provider.stop()
        provider = try await startKubernetesProvider()
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(
            attributes: try attributesWithoutToken(["roleName": environment.role, "objects": Self.appObjects]),
            targetPath: target)
        XCTAssertEqual(response.files.count, 2)
        XCTAssertEqual(environment.kubernetes.tokenRequestCount, 1)

        // A custom audience is minted with that audience (the role accepts only it).
        try await VaultTestSetup.createKubernetesRole(
            environment.bao, name: "custom", serviceAccounts: ["app-sa"], namespaces: ["default"],
            audience: "custom-aud", policies: ["app"])
        let custom = try await provider.driver.mount(
            attributes: try attributesWithoutToken([
                "roleName": "custom", "objects": Self.appObjects, "audience": "custom-aud",
            ]),
            targetPath: target)
        XCTAssertEqual(custom.files.count, 2)
        XCTAssertEqual(environment.kubernetes.tokenRequestCount, 2)
    }

    func testFailedTokenRequestIsAFailedPrecondition() async throws {
        await provider.stop()
        provider = try await startKubernetesProvider(server: "http://127.0.0.1:1")
        do {
            _ = try await provider.driver.mount(
                attributes: try attributesWithoutToken(["roleName": environment.role, "objects": Self.appObjects]),
                targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
            XCTFail("expected FAILED_PRECONDITION")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .failedPrecondition, error.message)
            XCTAssertTrue(
                error.message.hasPrefix(#"no service account token for audience "vault" and TokenRequest failed: "#),
                error.message)
        }
    }

    func testVersionsUseTheClusterKeyAcrossRestartsAndChangeWithIt() async throws {
        await provider.stop()
        provider = try await startKubernetesProvider()
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let first = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let secret = try XCTUnwrap(
            environment.kubernetes.secret(namespace: Self.providerNamespace, name: Self.secretName))
        let object = try JSONSerialization.jsonObject(with: secret) as? [String: Any]
        XCTAssertEqual(object?["immutable"] as? Bool, true)
        XCTAssertEqual(Data(base64Encoded: ((object?["data"] as? [String: String])?["key"]) ?? "")?.count, 32)
        XCTAssertTrue(first.objectVersion.allSatisfy { !$0.version.isEmpty })

        // A restarted provider (or another node) reads the same key: the same versions.
        await provider.stop()
        provider = try await startKubernetesProvider()
        let restarted = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(restarted.objectVersion.map(\.version), first.objectVersion.map(\.version))

        // A new key (the Secret deleted and recreated) gives new versions.
        environment.kubernetes.deleteSecret(namespace: Self.providerNamespace, name: Self.secretName)
        await provider.stop()
        provider = try await startKubernetesProvider()
        let rekeyed = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(rekeyed.objectVersion.map(\.id), first.objectVersion.map(\.id))
        XCTAssertNotEqual(rekeyed.objectVersion.map(\.version), first.objectVersion.map(\.version))
    }

    func testUnreachableKubernetesGivesEmptyVersionsNotAFailedMount() async throws {
        await provider.stop()
        provider = try await startKubernetesProvider(server: "http://127.0.0.1:1")
        let response = try await provider.driver.mount(
            attributes: attributes(Self.appObjects),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(response.files.count, 2)
        XCTAssertEqual(response.objectVersion.map(\.id), ["username", "password"], "the list is never empty")
        XCTAssertEqual(response.objectVersion.map(\.version), ["", ""])
        XCTAssertTrue(provider.logs.text.contains("cannot load the object-version HMAC key"), provider.logs.text)
    }
}

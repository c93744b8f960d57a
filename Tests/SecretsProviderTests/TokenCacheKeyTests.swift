import ProviderConfiguration
import Testing

@testable import SecretsProvider

/// A token never serves other credentials: the cache key holds the auth method and a digest of the nodePublishSecretRef
/// credentials, never the credentials themselves.
@Suite struct TokenCacheKeyTests {
    func key(_ method: String, _ secrets: [String: String]) throws -> TokenCacheKey {
        let configuration = try MountConfiguration(
            parameters: [
                "vaultAuthMethod": method, "roleName": "r", "objects": "- {objectName: a, secretPath: p}",
                "csi.storage.k8s.io/pod.uid": "pod-1",
            ],
            secrets: secrets, permission: "420", targetPath: "/t")
        let vault = try ResolvedVault(
            process: VaultSettings(address: "http://127.0.0.1:8200"), mount: configuration.vault,
            method: configuration.authMethod)
        return TokenCacheKey(vault: vault, configuration: configuration)
    }

    @Test func otherCredentialsOrAnotherMethodGetAnotherKey() throws {
        let first = try key("approle", ["role_id": "role-one", "secret_id": "secret-one"])
        #expect(first == (try key("approle", ["role_id": "role-one", "secret_id": "secret-one", "extra": "x"])))
        #expect(first != (try key("approle", ["role_id": "role-one", "secret_id": "secret-two"])))
        #expect(first != (try key("approle", ["role_id": "role-onesecret", "secret_id": "-one"])), "lengths count")
        #expect(first.authMountPath == "approle")
        #expect(try key("kubernetes", ["secret_id": "secret-one"]).credentialDigest == "")
        #expect(first.credentialDigest.count == 64)
        let shown = "\(first) \(String(reflecting: first))"
        #expect(!shown.contains("secret-one") && !shown.contains("role-one"))
    }
}

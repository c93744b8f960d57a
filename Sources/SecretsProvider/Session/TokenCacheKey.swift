import Crypto
import FoundationEssentials
import ProviderConfiguration
import ProviderValues

/// Everything a Vault token's authority depends on: a cached token never serves another pod, account or Vault.
struct TokenCacheKey: Hashable, Sendable {
    let vaultAddress: String
    let vaultNamespace: String
    let authMountPath: String
    let role: String
    let audience: String
    let podNamespace: String
    let serviceAccount: String
    let podUID: String
    let authMethod: AuthMethod
    /// SHA-256 of the nodePublishSecretRef credentials a login used ("" for kubernetes and jwt): a token never serves
    /// other credentials, and the key holds no credential itself.
    let credentialDigest: String

    init(vault: ResolvedVault, configuration: MountConfiguration) {
        vaultAddress = vault.address
        vaultNamespace = vault.namespace ?? ""
        authMountPath = vault.authMountPath
        role = configuration.roleName
        audience = configuration.audience
        podNamespace = configuration.pod.namespace
        serviceAccount = configuration.pod.serviceAccount
        podUID = configuration.pod.uid
        authMethod = configuration.authMethod
        credentialDigest = Self.digest(configuration.nodePublishSecret)
    }

    /// Hex SHA-256 of the values, each preceded by its length (so that no two lists share a digest); "" for none.
    private static func digest(_ secret: NodePublishSecret) -> String {
        let values = secret.orderedValues
        guard !values.isEmpty else { return "" }
        var hash = SHA256()
        for value in values {
            hash.update(data: Data("\(value.utf8.count):".utf8))
            hash.update(data: Data(value.utf8))
        }
        return hash.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

import ProviderConfiguration

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

    init(vault: ResolvedVault, configuration: MountConfiguration) {
        vaultAddress = vault.address
        vaultNamespace = vault.namespace ?? ""
        authMountPath = vault.authMountPath
        role = configuration.roleName
        audience = configuration.audience
        podNamespace = configuration.pod.namespace
        serviceAccount = configuration.pod.serviceAccount
        podUID = configuration.pod.uid
    }
}

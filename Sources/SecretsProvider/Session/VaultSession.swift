import VaultContract

/// A mount's authority at Vault: the client for its address and a token for its pod.
struct VaultSession: Sendable {
    let vault: ResolvedVault
    let client: any VaultAPI
    let key: TokenCacheKey
    let token: VaultTokenCache.Entry
    /// Whether the token came from the cache (so Vault may have revoked it since).
    let cached: Bool
}

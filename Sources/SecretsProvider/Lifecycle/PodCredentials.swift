/// Where a pod's Vault credentials live: every token obtained for it, and the two caches Mounts reuse. The renewer
/// keeps them alive; the revoker ends them.
struct PodCredentials: Sendable {
    let held: HeldTokens
    let tokens: VaultTokenCache
    let leases: LeaseCache
}

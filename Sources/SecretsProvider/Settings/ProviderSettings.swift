import ProviderConfiguration

/// Process-wide settings from flags and environment; SecretProviderClass parameters override them per mount.
package struct ProviderSettings: Sendable {
    /// Vault's address when neither the class, a flag nor the environment sets one.
    package static let defaultVaultAddress = "https://127.0.0.1:8200"
    /// The auth mount when nothing else sets one.
    package static let defaultAuthMountPath = "kubernetes"

    /// Vault settings from the environment overlaid by flags.
    package var vault: VaultSettings
    /// Who writes the files.
    package var writeMode: WriteMode
    /// The kubelet's root; provider mode only writes under `<kubelet-dir>/pods/`.
    package var kubeletDirectory: String
    /// How many distinct Vault requests of one mount run at once.
    package var maxConcurrentReads: Int
    /// The audience of the pod's token when a class sets none (`-default-audience`; `openbao` on `openbao.sock`).
    package var defaultAudience = "vault"
    /// How many Vault tokens are cached (`-cache-size`); <= 0 disables the cache.
    package var cacheSize: Int
    /// Whether a deleted pod's Vault tokens are revoked (`-revoke-on-pod-delete`; it needs the node's pod watch).
    package var revokeOnPodDelete = true
    /// Whether provider mode may write only under `<kubelet-dir>/pods/` (the daemon); the `mount` tool writes
    /// wherever its user says.
    package var confinedToKubeletPods: Bool
    /// The part of a lease after which it is renewed (`-lease-renew-fraction`), in (0, 1).
    package var leaseRenewFraction = ProviderSettings.defaultLeaseRenewFraction
    /// `-lease-renew-fraction`'s default: two-thirds, as Vault Agent.
    package static let defaultLeaseRenewFraction = 2.0 / 3.0
    /// The part of a Vault token's TTL after which it is renewed (`-token-renew-fraction`), in (0, 1).
    package var tokenRenewFraction = ProviderSettings.defaultTokenRenewFraction
    /// `-token-renew-fraction`'s default: a half.
    package static let defaultTokenRenewFraction = 0.5
    /// Whether classes may log in with credentials from their volume's nodePublishSecretRef (`vaultAuthMethod`
    /// approle, userpass or cert; `-allow-node-publish-secret-auth`).
    package var allowNodePublishSecretAuth = false
    /// The most bytes of Vault answers one Mount may hold (`-max-mount-bytes`).
    package var maxMountAnswerBytes = ProviderSettings.defaultMaxMountAnswerBytes
    /// `-max-mount-bytes`' default: 16 MiB.
    package static let defaultMaxMountAnswerBytes = 16 << 20
    /// URL prefixes a class's `vaultAddress` must start with (`-allowed-vault-addresses`); nil: any.
    package var allowedVaultAddresses: [String]?
    /// Audiences a class's `audience` must be one of (`-allowed-audiences`); nil: any.
    package var allowedAudiences: [String]?
    /// Directories a class's TLS files must resolve under (`-allowed-tls-dir`); nil: anywhere (the `mount` tool).
    package var allowedTLSDirectories: [String]? = ProviderSettings.defaultAllowedTLSDirectories
    /// `-allowed-tls-dir`'s default: where the chart mounts the operator's TLS Secret.
    package static let defaultAllowedTLSDirectories = ["/vault/tls"]

    package init(
        vault: VaultSettings = VaultSettings(), writeMode: WriteMode = .auto,
        kubeletDirectory: String = "/var/lib/kubelet", maxConcurrentReads: Int = 16,
        cacheSize: Int = 1000, confinedToKubeletPods: Bool = true
    ) {
        self.vault = vault
        self.writeMode = writeMode
        self.kubeletDirectory = kubeletDirectory
        self.maxConcurrentReads = max(1, maxConcurrentReads)
        self.cacheSize = cacheSize
        self.confinedToKubeletPods = confinedToKubeletPods
    }
}

import ProviderConfiguration
import VaultClient

/// Process-wide settings from flags and environment; SecretProviderClass parameters override them per mount.
public struct ProviderSettings: Sendable {
    /// Vault's address when neither the class, a flag nor the environment sets one.
    public static let defaultVaultAddress = "https://127.0.0.1:8200"
    /// The auth mount when nothing else sets one.
    public static let defaultAuthMountPath = "kubernetes"

    /// Vault settings from the environment overlaid by flags.
    public var vault: VaultSettings
    /// Who writes the files.
    public var writeMode: WriteMode
    /// The kubelet's root; provider mode only writes under `<kubelet-dir>/pods/`.
    public var kubeletDirectory: String
    /// How many distinct Vault requests of one mount run at once.
    public var maxConcurrentReads: Int
    /// How many Vault requests may be on the wire at once across all mounts (`-max-concurrent-vault-requests`).
    public var maxConcurrentVaultRequests: Int
    /// Proxies, retries and the request timeout, from the environment Vault's Go client reads.
    public var vaultTransport: VaultTransportSettings
    /// The audience of the pod's token when a class sets none (`-default-audience`; `openbao` on `openbao.sock`).
    public var defaultAudience = "vault"
    /// How many Vault tokens are cached (`-cache-size`); <= 0 disables the cache.
    public var cacheSize: Int
    /// Whether a deleted pod's Vault tokens are revoked (`-revoke-on-pod-delete`; it needs the node's pod watch).
    public var revokeOnPodDelete = true
    /// Whether provider mode may write only under `<kubelet-dir>/pods/` (the daemon); the `mount` tool writes
    /// wherever its user says.
    public var confinedToKubeletPods: Bool
    /// The most bytes of Vault answers one Mount may hold (`-max-mount-bytes`).
    public var maxMountAnswerBytes = ProviderSettings.defaultMaxMountAnswerBytes
    /// `-max-mount-bytes`' default: 16 MiB.
    public static let defaultMaxMountAnswerBytes = 16 << 20
    /// URL prefixes a class's `vaultAddress` must start with (`-allowed-vault-addresses`); nil: any.
    public var allowedVaultAddresses: [String]?
    /// Audiences a class's `audience` must be one of (`-allowed-audiences`); nil: any.
    public var allowedAudiences: [String]?
    /// Directories a class's TLS files must resolve under (`-allowed-tls-dir`); nil: anywhere (the `mount` tool).
    public var allowedTLSDirectories: [String]? = ProviderSettings.defaultAllowedTLSDirectories
    /// `-allowed-tls-dir`'s default: where the chart mounts the operator's TLS Secret.
    public static let defaultAllowedTLSDirectories = ["/vault/tls"]

    public init(
        vault: VaultSettings = VaultSettings(), writeMode: WriteMode = .auto,
        kubeletDirectory: String = "/var/lib/kubelet", maxConcurrentReads: Int = 16,
        maxConcurrentVaultRequests: Int = VaultClientPool.defaultMaxConcurrentRequests,
        vaultTransport: VaultTransportSettings = VaultTransportSettings(), cacheSize: Int = 1000,
        confinedToKubeletPods: Bool = true
    ) {
        self.vaultTransport = vaultTransport
        self.maxConcurrentVaultRequests = max(1, maxConcurrentVaultRequests)
        self.vault = vault
        self.writeMode = writeMode
        self.kubeletDirectory = kubeletDirectory
        self.maxConcurrentReads = max(1, maxConcurrentReads)
        self.cacheSize = cacheSize
        self.confinedToKubeletPods = confinedToKubeletPods
    }
}

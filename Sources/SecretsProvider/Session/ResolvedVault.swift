import Logging
import ProviderConfiguration
import ProviderValues

/// One mount's Vault settings with every default filled in and checked: the process's settings overlaid by the
/// class's, then the default address and auth mount. Nothing is left optional that the pipeline needs.
struct ResolvedVault: Sendable, Hashable {
    /// One address, or several of one cluster, comma-separated (`VaultAddressList`).
    let address: String
    let namespace: String?
    let authMountPath: String
    let tls: TLSSettings
    /// The one address of the list that requests with the session's token may go to: the one that issued it, when
    /// the addresses do not share tokens (`VaultToken.boundAddress`); nil: any.
    private(set) var tokenAddress: String?

    /// Throws INVALID_ARGUMENT when the TLS settings cannot go together, PERMISSION_DENIED when the class names a TLS
    /// file outside `allowedTLSDirectories` (nil: anywhere). A class's auth mount beats `method`'s own default
    /// (`approle`, `userpass`, `cert`), which beats the process's (`-vault-mount`, for kubernetes and jwt logins).
    init(
        process: VaultSettings, mount: VaultSettings, allowedTLSDirectories: [String]? = nil,
        method: AuthMethod = .kubernetes
    ) throws {
        var mount = mount
        mount.tls = try ClassTLSFiles.confined(mount.tls, to: allowedTLSDirectories)
        let merged = process.overlaid(by: mount)
        // One spelling of a list of addresses (trimmed, comma-separated), so that it keys one client and one token.
        address = merged.address.flatMap(VaultAddressList.init)?.description ?? ProviderSettings.defaultVaultAddress
        namespace = merged.namespace
        authMountPath =
            mount.authMountPath ?? method.defaultMountPath ?? merged.authMountPath
            ?? ProviderSettings.defaultAuthMountPath
        tls = merged.tls
        do {
            try tls.validate()
        } catch let error as ConfigurationError {
            throw MountError(error)
        }
    }

    /// The same Vault, its token-carrying requests bound to `address` (nil: to none).
    func bound(to address: String?) -> ResolvedVault {
        var vault = self
        vault.tokenAddress = address
        return vault
    }

    /// Warns, for every mount that does it, that Vault's certificate is not checked.
    func warnIfUnverified(_ logger: Logger) {
        guard tls.skipVerify == true, address.lowercased().hasPrefix("https") else { return }
        logger.warning(
            """
            Vault's TLS certificate is not verified (vaultSkipTLSVerify or -vault-tls-skip-verify): anyone between \
            the provider and Vault can read this pod's secrets
            """,
            metadata: ["vault_addr": "\(address)"])
    }
}

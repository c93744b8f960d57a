import ProviderValues

/// Where and how to reach Vault; layered defaults < environment < flags < SecretProviderClass.
public struct VaultSettings: Sendable, Hashable {
    /// Vault's base address, such as `https://vault.vault:8200`.
    public var address: String?
    /// Vault Enterprise / OpenBao namespace, sent as `X-Vault-Namespace`.
    public var namespace: String?
    /// The auth method's mount path, without leading or trailing `/`.
    public var authMountPath: String?
    /// TLS settings for the connection to Vault.
    public var tls: TLSSettings

    public init(
        address: String? = nil, namespace: String? = nil, authMountPath: String? = nil, tls: TLSSettings = TLSSettings()
    ) {
        self.address = address.nonEmpty
        self.namespace = namespace.nonEmpty
        self.authMountPath = authMountPath.map(VaultSettings.trimSlashes).nonEmpty
        self.tls = tls
    }

    /// These settings with every non-empty value of `later` taking precedence.
    public func overlaid(by later: VaultSettings) -> VaultSettings {
        VaultSettings(
            address: later.address ?? address,
            namespace: later.namespace ?? namespace,
            authMountPath: later.authMountPath ?? authMountPath,
            tls: tls.overlaid(by: later.tls)
        )
    }

    static func trimSlashes(_ path: String) -> String {
        String(path.drop(while: { $0 == "/" }).reversed().drop(while: { $0 == "/" }).reversed())
    }
}

extension TLSSettings {
    /// Checks what only makes sense together: a client certificate needs its key.
    public func validate() throws {
        if let (settings, problem) = clientPairProblem {
            throw ConfigurationError.invalidParameter(name: settings, problem: problem)
        }
    }
}

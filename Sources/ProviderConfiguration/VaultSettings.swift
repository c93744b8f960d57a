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

    public init(address: String? = nil, namespace: String? = nil, authMountPath: String? = nil, tls: TLSSettings = TLSSettings()) {
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

/// TLS to Vault: trust, server name, client certificate.
public struct TLSSettings: Sendable, Hashable {
    /// A PEM file of CA certificates.
    public var caCertPath: String?
    /// A folder of PEM CA certificates.
    public var caDirectory: String?
    /// The name sent as SNI and checked against the certificate.
    public var serverName: String?
    /// PEM client certificate for mTLS.
    public var clientCertPath: String?
    /// PEM client key for mTLS.
    public var clientKeyPath: String?
    /// Skip verification of Vault's certificate.
    public var skipVerify: Bool?

    public init(
        caCertPath: String? = nil, caDirectory: String? = nil, serverName: String? = nil,
        clientCertPath: String? = nil, clientKeyPath: String? = nil, skipVerify: Bool? = nil
    ) {
        self.caCertPath = caCertPath.nonEmpty
        // At one level a CA file beats a CA directory.
        self.caDirectory = self.caCertPath == nil ? caDirectory.nonEmpty : nil
        self.serverName = serverName.nonEmpty
        self.clientCertPath = clientCertPath.nonEmpty
        self.clientKeyPath = clientKeyPath.nonEmpty
        self.skipVerify = skipVerify
    }

    /// Checks what only makes sense together: a client certificate needs its key.
    public func validate() throws {
        if (clientCertPath == nil) != (clientKeyPath == nil) {
            throw ConfigurationError.invalidParameter(
                name: "vaultTLSClientCertPath, vaultTLSClientKeyPath",
                problem: "a client certificate and its key must be set together")
        }
    }

    /// These settings with `later`'s non-empty values taking precedence; a later CA setting replaces, never merges.
    public func overlaid(by later: TLSSettings) -> TLSSettings {
        let laterHasCA = later.caCertPath != nil || later.caDirectory != nil
        return TLSSettings(
            caCertPath: laterHasCA ? later.caCertPath : caCertPath,
            caDirectory: laterHasCA ? later.caDirectory : caDirectory,
            serverName: later.serverName ?? serverName,
            clientCertPath: later.clientCertPath ?? clientCertPath,
            clientKeyPath: later.clientKeyPath ?? clientKeyPath,
            skipVerify: later.skipVerify ?? skipVerify
        )
    }
}

extension Optional where Wrapped == String {
    /// nil for nil or "".
    var nonEmpty: String? {
        switch self {
        case .some(let value) where !value.isEmpty: return value
        default: return nil
        }
    }
}

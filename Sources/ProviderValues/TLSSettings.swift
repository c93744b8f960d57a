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

    /// What is wrong when a client certificate is set without its key or the other way round; nil when both or
    /// neither are set.
    public var clientPairProblem: (settings: String, problem: String)? {
        guard (clientCertPath == nil) != (clientKeyPath == nil) else { return nil }
        return (
            "vaultTLSClientCertPath, vaultTLSClientKeyPath", "a client certificate and its key must be set together"
        )
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

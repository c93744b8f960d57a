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
    /// A client certificate and key in memory (a cert login's, from the nodePublishSecretRef); beats the paths.
    public var clientIdentity: ClientIdentity?

    public init(
        caCertPath: String? = nil, caDirectory: String? = nil, serverName: String? = nil,
        clientCertPath: String? = nil, clientKeyPath: String? = nil, skipVerify: Bool? = nil,
        clientIdentity: ClientIdentity? = nil
    ) {
        self.caCertPath = caCertPath.nonEmpty
        // At one level a CA file beats a CA directory.
        self.caDirectory = self.caCertPath == nil ? caDirectory.nonEmpty : nil
        self.serverName = serverName.nonEmpty
        self.clientCertPath = clientCertPath.nonEmpty
        self.clientKeyPath = clientKeyPath.nonEmpty
        self.skipVerify = skipVerify
        self.clientIdentity = clientIdentity
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
            skipVerify: later.skipVerify ?? skipVerify,
            clientIdentity: later.clientIdentity ?? clientIdentity
        )
    }
}

/// A PEM client certificate and its PEM key, held in memory; never printed.
public struct ClientIdentity: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public let certificatePEM: String
    public let keyPEM: String

    public init(certificatePEM: String, keyPEM: String) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }

    public var description: String { "ClientIdentity(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// The process-level Vault settings: the environment (`VAULT_*`) overlaid by the `-vault-*` flags that were set.
public enum ProcessVaultSettings {
    /// A `VAULT_*` variable that cannot be used.
    public struct EnvironmentError: Error, CustomStringConvertible {
        public let variable: String
        public let value: String
        public var description: String { "\(variable)=\"\(value)\" is not a boolean (use true or false)" }
    }

    /// Resolves the settings; `flags` holds only flags given on the command line, by name without the dash.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> VaultSettings {
        var environmentSkip: Bool?
        if let text = environment["VAULT_SKIP_VERIFY"], !text.isEmpty {
            guard let value = GoBool.parse(text) else { throw EnvironmentError(variable: "VAULT_SKIP_VERIFY", value: text) }
            environmentSkip = value
        }
        let fromEnvironment = VaultSettings(
            // A Vault Agent's address beats VAULT_ADDR, as in Vault's Go client.
            address: environment["VAULT_AGENT_ADDR"].nonEmpty ?? environment["VAULT_ADDR"], namespace: environment["VAULT_NAMESPACE"],
            tls: TLSSettings(
                caCertPath: environment["VAULT_CACERT"], caDirectory: environment["VAULT_CAPATH"],
                serverName: environment["VAULT_TLS_SERVER_NAME"], clientCertPath: environment["VAULT_CLIENT_CERT"],
                clientKeyPath: environment["VAULT_CLIENT_KEY"], skipVerify: environmentSkip))
        let fromFlags = VaultSettings(
            address: flags["vault-addr"], namespace: flags["vault-namespace"], authMountPath: flags["vault-mount"],
            tls: TLSSettings(
                caCertPath: flags["vault-tls-ca-cert"], caDirectory: flags["vault-tls-ca-directory"],
                serverName: flags["vault-tls-server-name"], clientCertPath: flags["vault-tls-client-cert"],
                clientKeyPath: flags["vault-tls-client-key"], skipVerify: flags["vault-tls-skip-verify"].flatMap(GoBool.parse)))
        return fromEnvironment.overlaid(by: fromFlags)
    }
}

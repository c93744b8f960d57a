import ProviderValues

/// The process-level Vault settings: the environment overlaid by the flags that were set. Each setting has a Vault
/// name and an OpenBao twin (`BAO_ADDR`, `-openbao-addr`); at one level the twin wins, as in OpenBao's Go client.
public enum ProcessVaultSettings {
    /// A `VAULT_*` or `BAO_*` variable that cannot be used.
    public struct EnvironmentError: Error, CustomStringConvertible {
        public let variable: String
        public let value: String
        public var description: String { "\(variable)=\"\(value)\" is not a boolean (use true or false)" }
    }

    /// A flag value that cannot be used.
    public struct FlagError: Error {
        public let flag: String
        public let value: String
    }

    /// Resolves the settings; `flags` holds only flags given on the command line, by name without the dash.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> VaultSettings {
        func variable(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        func flag(_ suffix: String) -> String? {
            ["openbao-" + suffix, "vault-" + suffix].lazy.compactMap { flags[$0] }.first { !$0.isEmpty }
        }
        var environmentSkip: Bool?
        if let name = ["BAO_SKIP_VERIFY", "VAULT_SKIP_VERIFY"].first(where: { !(environment[$0] ?? "").isEmpty }) {
            guard let value = GoBool.parse(environment[name]!) else { throw EnvironmentError(variable: name, value: environment[name]!) }
            environmentSkip = value
        }
        var flagSkip: Bool?
        if let name = ["openbao-tls-skip-verify", "vault-tls-skip-verify"].first(where: { !(flags[$0] ?? "").isEmpty }) {
            guard let value = GoBool.parse(flags[name]!) else { throw FlagError(flag: name, value: flags[name]!) }
            flagSkip = value
        }
        let fromEnvironment = VaultSettings(
            // An agent's address beats the server's, as in Vault's and OpenBao's Go clients.
            address: variable("BAO_AGENT_ADDR", "VAULT_AGENT_ADDR", "BAO_ADDR", "VAULT_ADDR"),
            namespace: variable("BAO_NAMESPACE", "VAULT_NAMESPACE"),
            tls: TLSSettings(
                caCertPath: variable("BAO_CACERT", "VAULT_CACERT"), caDirectory: variable("BAO_CAPATH", "VAULT_CAPATH"),
                serverName: variable("BAO_TLS_SERVER_NAME", "VAULT_TLS_SERVER_NAME"),
                clientCertPath: variable("BAO_CLIENT_CERT", "VAULT_CLIENT_CERT"),
                clientKeyPath: variable("BAO_CLIENT_KEY", "VAULT_CLIENT_KEY"), skipVerify: environmentSkip))
        let fromFlags = VaultSettings(
            address: flag("addr"), namespace: flag("namespace"), authMountPath: flag("mount"),
            tls: TLSSettings(
                caCertPath: flag("tls-ca-cert"), caDirectory: flag("tls-ca-directory"), serverName: flag("tls-server-name"),
                clientCertPath: flag("tls-client-cert"), clientKeyPath: flag("tls-client-key"), skipVerify: flagSkip))
        return fromEnvironment.overlaid(by: fromFlags)
    }
}

import ProviderValues

/// The process-level Vault settings: the environment overlaid by the flags that were set. Each setting has a Vault
/// name and an OpenBao twin (`BAO_ADDR`, `-openbao-addr`); at one level the twin wins, as in OpenBao's Go client.
public enum ProcessVaultSettings {
    /// A flag value that cannot be used.
    public struct FlagError: Error {
        public let flag: String
        public let value: String
    }

    /// One Vault setting: its flag under both names (`-vault-<suffix>`, `-openbao-<suffix>`) and the environment
    /// variables it falls back to, in precedence order. The serve command declares its flags from this table
    /// (ProviderCommandLine), and `resolve` reads flags and environment through it.
    public struct Setting: Sendable {
        /// What the setting's flags accept.
        public enum Kind: Sendable {
            case string
            case bool
        }

        public let suffix: String
        public let kind: Kind
        /// The `-vault-*` flag's default in the usage text; never applied here (the pipeline fills in defaults).
        public let vaultDefault: String
        /// The variables, in precedence order: `BAO_*` before `VAULT_*`, agent addresses before servers'.
        public let variables: [String]
        /// What the setting is, and what the usage text adds after the variable.
        package let what: String
        package let note: String?

        init(
            _ suffix: String, _ variables: [String], _ what: String, note: String? = nil, _ kind: Kind = .string,
            default vaultDefault: String = ""
        ) {
            self.suffix = suffix
            self.variables = variables
            self.what = what
            self.note = note
            self.kind = kind
            self.vaultDefault = vaultDefault
        }

        /// The flag names, the OpenBao fork's first: at one level it wins.
        public var flagNames: [String] { ["openbao-" + suffix, "vault-" + suffix] }
    }

    /// Every process-level Vault setting.
    public static let settings: [Setting] = [
        Setting(
            "addr", ["BAO_AGENT_ADDR", "VAULT_AGENT_ADDR", "BAO_ADDR", "VAULT_ADDR"], "default Vault address",
            note: "a SecretProviderClass may override it"),
        Setting(
            "mount", [], "default Vault auth mount path", note: "a SecretProviderClass may override it",
            default: "kubernetes"),
        Setting("namespace", ["BAO_NAMESPACE", "VAULT_NAMESPACE"], "default Vault namespace"),
        Setting("tls-ca-cert", ["BAO_CACERT", "VAULT_CACERT"], "PEM file of CA certificates for Vault"),
        Setting("tls-ca-directory", ["BAO_CAPATH", "VAULT_CAPATH"], "folder of PEM CA certificates for Vault"),
        Setting("tls-server-name", ["BAO_TLS_SERVER_NAME", "VAULT_TLS_SERVER_NAME"], "TLS server name for Vault"),
        Setting("tls-client-cert", ["BAO_CLIENT_CERT", "VAULT_CLIENT_CERT"], "PEM client certificate for Vault"),
        Setting("tls-client-key", ["BAO_CLIENT_KEY", "VAULT_CLIENT_KEY"], "PEM client key for Vault"),
        Setting(
            "tls-skip-verify", ["BAO_SKIP_VERIFY", "VAULT_SKIP_VERIFY"], "skip verifying Vault's certificate", .bool,
            default: "false"),
    ]

    /// Resolves the settings; `flags` holds only flags given on the command line, by name without the dash.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> VaultSettings {
        var fromEnvironment: [String: (name: String, value: String)] = [:]
        var fromFlags: [String: (name: String, value: String)] = [:]
        for setting in settings {
            fromEnvironment[setting.suffix] =
                setting.variables.lazy.compactMap { name in
                    environment[name].flatMap { $0.isEmpty ? nil : (name, $0) }
                }.first
            fromFlags[setting.suffix] =
                setting.flagNames.lazy.compactMap { name in
                    flags[name].flatMap { $0.isEmpty ? nil : (name, $0) }
                }.first
        }
        var environmentSkip: Bool?
        if let (name, text) = fromEnvironment["tls-skip-verify"] {
            guard let value = GoBool.parse(text) else {
                throw EnvironmentError.notABoolean(variable: name, value: text)
            }
            environmentSkip = value
        }
        var flagSkip: Bool?
        if let (name, text) = fromFlags["tls-skip-verify"] {
            guard let value = GoBool.parse(text) else { throw FlagError(flag: name, value: text) }
            flagSkip = value
        }
        return settings(fromEnvironment.mapValues(\.value), skipVerify: environmentSkip)
            .overlaid(by: settings(fromFlags.mapValues(\.value), skipVerify: flagSkip))
    }

    /// One level's settings from its values by suffix.
    private static func settings(_ values: [String: String], skipVerify: Bool?) -> VaultSettings {
        VaultSettings(
            address: values["addr"], namespace: values["namespace"], authMountPath: values["mount"],
            tls: TLSSettings(
                caCertPath: values["tls-ca-cert"], caDirectory: values["tls-ca-directory"],
                serverName: values["tls-server-name"],
                clientCertPath: values["tls-client-cert"], clientKeyPath: values["tls-client-key"],
                skipVerify: skipVerify))
    }
}

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

    /// One Vault setting: its flag under both names (`-vault-<suffix>`, `-openbao-<suffix>`) and the environment
    /// variables it falls back to, in precedence order. The serve command declares its flags from this table, and
    /// `resolve` reads flags and environment through it.
    public struct Setting: Sendable {
        public let suffix: String
        public let kind: GoFlagSet.Kind
        /// The `-vault-*` flag's default in the usage text; never applied here (the pipeline fills in defaults).
        public let vaultDefault: String
        public let vaultUsage: String
        public let openBaoUsage: String
        public let variables: [String]

        init(_ suffix: String, _ kind: GoFlagSet.Kind = .string, default vaultDefault: String = "", variables: [String] = [],
             vault vaultUsage: String, openBao openBaoUsage: String) {
            self.suffix = suffix
            self.kind = kind
            self.vaultDefault = vaultDefault
            self.vaultUsage = vaultUsage
            self.openBaoUsage = openBaoUsage
            self.variables = variables
        }

        /// The flag names, the OpenBao fork's first: at one level it wins.
        public var flagNames: [String] { ["openbao-" + suffix, "vault-" + suffix] }

        /// The two flag declarations, `-vault-*` first.
        public var flags: (vault: GoFlagSet.Flag, openBao: GoFlagSet.Flag) {
            (GoFlagSet.Flag("vault-" + suffix, kind, default: vaultDefault, usage: vaultUsage),
             GoFlagSet.Flag("openbao-" + suffix, kind, default: kind == .bool ? "false" : "", usage: openBaoUsage))
        }
    }

    /// Every process-level Vault setting.
    public static let settings: [Setting] = [
        Setting("addr", variables: ["BAO_AGENT_ADDR", "VAULT_AGENT_ADDR", "BAO_ADDR", "VAULT_ADDR"],
                vault: "default Vault address (else VAULT_ADDR); a SecretProviderClass may override it",
                openBao: "-vault-addr under the OpenBao fork's name (else BAO_ADDR)"),
        Setting("mount", default: "kubernetes",
                vault: "default Vault auth mount path; a SecretProviderClass may override it",
                openBao: "-vault-mount under the OpenBao fork's name"),
        Setting("namespace", variables: ["BAO_NAMESPACE", "VAULT_NAMESPACE"],
                vault: "default Vault namespace (else VAULT_NAMESPACE)",
                openBao: "-vault-namespace under the OpenBao fork's name (else BAO_NAMESPACE)"),
        Setting("tls-ca-cert", variables: ["BAO_CACERT", "VAULT_CACERT"],
                vault: "PEM file of CA certificates for Vault (else VAULT_CACERT)",
                openBao: "-vault-tls-ca-cert under the OpenBao fork's name (else BAO_CACERT)"),
        Setting("tls-ca-directory", variables: ["BAO_CAPATH", "VAULT_CAPATH"],
                vault: "folder of PEM CA certificates for Vault (else VAULT_CAPATH)",
                openBao: "-vault-tls-ca-directory under the OpenBao fork's name (else BAO_CAPATH)"),
        Setting("tls-server-name", variables: ["BAO_TLS_SERVER_NAME", "VAULT_TLS_SERVER_NAME"],
                vault: "TLS server name for Vault (else VAULT_TLS_SERVER_NAME)",
                openBao: "-vault-tls-server-name under the OpenBao fork's name (else BAO_TLS_SERVER_NAME)"),
        Setting("tls-client-cert", variables: ["BAO_CLIENT_CERT", "VAULT_CLIENT_CERT"],
                vault: "PEM client certificate for Vault (else VAULT_CLIENT_CERT)",
                openBao: "-vault-tls-client-cert under the OpenBao fork's name (else BAO_CLIENT_CERT)"),
        Setting("tls-client-key", variables: ["BAO_CLIENT_KEY", "VAULT_CLIENT_KEY"],
                vault: "PEM client key for Vault (else VAULT_CLIENT_KEY)",
                openBao: "-vault-tls-client-key under the OpenBao fork's name (else BAO_CLIENT_KEY)"),
        Setting("tls-skip-verify", .bool, default: "false", variables: ["BAO_SKIP_VERIFY", "VAULT_SKIP_VERIFY"],
                vault: "skip verifying Vault's certificate (else VAULT_SKIP_VERIFY)",
                openBao: "-vault-tls-skip-verify under the OpenBao fork's name (else BAO_SKIP_VERIFY)"),
    ]

    /// Resolves the settings; `flags` holds only flags given on the command line, by name without the dash.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> VaultSettings {
        var fromEnvironment: [String: (name: String, value: String)] = [:]
        var fromFlags: [String: (name: String, value: String)] = [:]
        for setting in settings {
            fromEnvironment[setting.suffix] = setting.variables.lazy.compactMap { name in
                environment[name].flatMap { $0.isEmpty ? nil : (name, $0) }
            }.first
            fromFlags[setting.suffix] = setting.flagNames.lazy.compactMap { name in
                flags[name].flatMap { $0.isEmpty ? nil : (name, $0) }
            }.first
        }
        var environmentSkip: Bool?
        if let (name, text) = fromEnvironment["tls-skip-verify"] {
            guard let value = GoBool.parse(text) else { throw EnvironmentError(variable: name, value: text) }
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
                caCertPath: values["tls-ca-cert"], caDirectory: values["tls-ca-directory"], serverName: values["tls-server-name"],
                clientCertPath: values["tls-client-cert"], clientKeyPath: values["tls-client-key"], skipVerify: skipVerify))
    }
}

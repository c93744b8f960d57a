import KubernetesClient
import Logging
import ProviderConfiguration
import ProviderServer
import SecretsProvider

/// The serve command's settings, resolved from flags, environment and defaults (flags beat the environment).
struct ServeOptions {
    var endpoint: String
    var healthAddress: String
    var logLevel: Logger.Level?
    var settings: ProviderSettings
    var kubernetes: KubernetesConfigSource
    var shutdownGracePeriod: Duration
    var cacheSize: Int
    var hmacSecretName: String

    /// Reads `values` (flags given) over `environment`; a bad value is a usage error.
    init(values: [String: String], environment: [String: String]) throws {
        func flag(_ name: String) -> String {
            values[name] ?? Flags.set.flags.first { $0.name == name }!.defaultValue
        }
        endpoint = flag("endpoint")
        healthAddress = flag("health-addr")
        switch LogLevel.parse(flag("log-level")) {
        case .success(let level): logLevel = level
        case .failure(let error): throw GoFlagSet.UsageError.invalidValue(flag: "log-level", value: error.name, expected: error.description)
        }
        guard let writeMode = WriteMode(rawValue: flag("write-mode")) else {
            throw GoFlagSet.UsageError.invalidValue(flag: "write-mode", value: flag("write-mode"), expected: "use auto, provider or driver")
        }
        var environmentSkip: Bool?
        if let text = environment["VAULT_SKIP_VERIFY"], !text.isEmpty {
            guard let value = GoBool.parse(text) else {
                throw GoFlagSet.UsageError.invalidValue(flag: "vault-tls-skip-verify", value: text, expected: "VAULT_SKIP_VERIFY is not a boolean")
            }
            environmentSkip = value
        }
        let fromEnvironment = VaultSettings(
            address: environment["VAULT_ADDR"], namespace: environment["VAULT_NAMESPACE"],
            tls: TLSSettings(
                caCertPath: environment["VAULT_CACERT"], caDirectory: environment["VAULT_CAPATH"],
                serverName: environment["VAULT_TLS_SERVER_NAME"], clientCertPath: environment["VAULT_CLIENT_CERT"],
                clientKeyPath: environment["VAULT_CLIENT_KEY"], skipVerify: environmentSkip))
        let fromFlags = VaultSettings(
            address: values["vault-addr"], namespace: values["vault-namespace"], authMountPath: values["vault-mount"],
            tls: TLSSettings(
                caCertPath: values["vault-tls-ca-cert"], caDirectory: values["vault-tls-ca-directory"],
                serverName: values["vault-tls-server-name"], clientCertPath: values["vault-tls-client-cert"],
                clientKeyPath: values["vault-tls-client-key"], skipVerify: values["vault-tls-skip-verify"].flatMap(GoBool.parse)))
        let maxReads = Int(flag("max-concurrent-reads"))!
        guard maxReads >= 1 else {
            throw GoFlagSet.UsageError.invalidValue(flag: "max-concurrent-reads", value: flag("max-concurrent-reads"), expected: "must be at least 1")
        }
        settings = ProviderSettings(
            vault: fromEnvironment.overlaid(by: fromFlags), writeMode: writeMode,
            kubeletDirectory: flag("kubelet-dir"), maxConcurrentReads: maxReads)
        kubernetes = KubernetesConfigSource.locate(kubeconfigFlag: values["kubeconfig"], environment: environment)
        shutdownGracePeriod = GoDuration.parse(flag("shutdown-grace-period"))!
        cacheSize = Int(flag("cache-size"))!
        hmacSecretName = flag("hmac-secret-name")
    }
}

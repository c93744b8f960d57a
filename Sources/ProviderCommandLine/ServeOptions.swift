import KubernetesClient
import Logging
import ProviderConfiguration
import ProviderLogging
import ProviderValues
import ProxyEnvironment
import SecretsProvider
import VaultClient

/// The serve command's settings, resolved from flags, environment and defaults (flags beat the environment).
package struct ServeOptions {
    package var endpoint: String
    package var healthAddress: HealthAddress
    package var logLevel: Logger.Level?
    package var logFormat: LogFormat
    package var settings: ProviderSettings
    package var kubernetes: KubernetesConfigSource
    package var shutdownGracePeriod: Duration
    package var hmacSecretName: String
    /// The node whose pods are watched (`-node-name`, else `NODE_NAME`); nil: no watch.
    package var nodeName: String?
    /// The proxy variables, for the Kubernetes client (Vault's are in `vaultTransport`).
    package var proxies: ProxySettings
    /// How requests reach Vault: proxies, retries, the request timeout.
    package var vaultTransport: VaultTransportSettings
    /// How many Vault requests may be on the wire at once across all mounts (`-max-concurrent-vault-requests`).
    package var maxConcurrentVaultRequests: Int

    /// Reads the parsed flags over `environment`; a bad value is a usage error.
    package init(flags: GoFlagSet.Parsed, environment: [String: String]) throws {
        typealias Invalid = GoFlagSet.UsageError
        let flag = flags.string
        endpoint = flag("endpoint")
        guard let health = HealthAddress(flag("health-addr")) else {
            throw Invalid.invalidValue(
                flag: "health-addr", value: flag("health-addr"), expected: "use host:port, such as :8080")
        }
        healthAddress = health
        guard let format = LogFormat(rawValue: flag("log-format")) else {
            throw Invalid.invalidValue(flag: "log-format", value: flag("log-format"), expected: "use json or text")
        }
        logFormat = format
        let levelName = flags.values["log-level"] == nil && flags.bool("debug") ? "debug" : flag("log-level")
        switch LogLevel.parse(levelName) {
        case .success(let level): logLevel = level
        case .failure(let error):
            throw Invalid.invalidValue(flag: "log-level", value: error.name, expected: error.description)
        }
        guard let writeMode = WriteMode(rawValue: flag("write-mode")) else {
            throw Invalid.invalidValue(
                flag: "write-mode", value: flag("write-mode"), expected: "use auto, provider or driver")
        }
        let vault: VaultSettings
        do {
            vault = try ProcessVaultSettings.resolve(flags: flags.values, environment: environment)
        } catch let error as ProcessVaultSettings.FlagError {
            throw Invalid.invalidValue(flag: error.flag, value: error.value, expected: "a boolean (true or false)")
        }
        let maxReads = flags.int("max-concurrent-reads")
        guard maxReads >= 1 else {
            throw Invalid.invalidValue(
                flag: "max-concurrent-reads", value: flag("max-concurrent-reads"), expected: "must be at least 1")
        }
        var transport = try VaultTransportSettings(environment: environment)
        transport.addressesShareTokens = flags.bool("vault-addresses-share-tokens")
        vaultTransport = transport
        proxies = transport.proxies
        if let address = vault.address {
            try ServeOptions.checkVaultAddresses(address)
        }
        let maxVaultRequests = flags.int("max-concurrent-vault-requests")
        guard maxVaultRequests >= 1 else {
            throw Invalid.invalidValue(
                flag: "max-concurrent-vault-requests", value: flag("max-concurrent-vault-requests"),
                expected: "must be at least 1")
        }
        maxConcurrentVaultRequests = maxVaultRequests
        guard flags.int("cache-size") <= 1_000_000 else {
            throw Invalid.invalidValue(
                flag: "cache-size", value: flag("cache-size"), expected: "must be at most 1000000")
        }
        settings = ProviderSettings(
            vault: vault, writeMode: writeMode,
            kubeletDirectory: flag("kubelet-dir"), maxConcurrentReads: maxReads,
            cacheSize: flags.int("cache-size"))
        settings.revokeOnPodDelete = flags.bool("revoke-on-pod-delete")
        settings.allowNodePublishSecretAuth = flags.bool("allow-node-publish-secret-auth")
        settings.allowedTLSDirectories = flags.strings("allowed-tls-dir")
        settings.allowedVaultAddresses = ProviderSettings.list(flag("allowed-vault-addresses"))
        settings.allowedAudiences = ProviderSettings.list(flag("allowed-audiences"))
        settings.maxMountAnswerBytes = flags.int("max-mount-bytes")
        guard settings.maxMountAnswerBytes >= 1 << 20 else {
            throw Invalid.invalidValue(
                flag: "max-mount-bytes", value: flag("max-mount-bytes"), expected: "must be at least 1048576")
        }
        for (name, fraction) in [
            ("lease-renew-fraction", \ProviderSettings.leaseRenewFraction),
            ("token-renew-fraction", \ProviderSettings.tokenRenewFraction),
        ] {
            guard let value = FractionFlag.parse(flag(name)) else {
                throw Invalid.invalidValue(flag: name, value: flag(name), expected: FractionFlag.expected)
            }
            settings[keyPath: fraction] = value
        }
        nodeName = flags.given("node-name") ?? environment["NODE_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        kubernetes = KubernetesConfigSource.locate(kubeconfigFlag: flags.values["kubeconfig"], environment: environment)
        shutdownGracePeriod = flags.duration("shutdown-grace-period")
        // The endpoint's file name decides the dialect's defaults: the OpenBao fork's DaemonSet serves openbao.sock.
        let isOpenBao = endpoint.split(separator: "/").last == "openbao.sock"
        hmacSecretName =
            flags.given("hmac-secret-name")
            ?? (isOpenBao ? "openbao-csi-provider-hmac-key" : "vault-csi-provider-hmac-key")
        settings.defaultAudience = flags.given("default-audience") ?? (isOpenBao ? "openbao" : "vault")
    }

    /// The process's Vault address lists at least one address, each `http(s)://` or `unix://`.
    static func checkVaultAddresses(_ text: String) throws {
        guard let list = VaultAddressList(text) else {
            throw EnvironmentError(message: "Vault address \"\(text)\" lists no address")
        }
        for address in list.addresses
        where VaultAddress.unixSocketPath(address) == nil && !address.lowercased().hasPrefix("http") {
            throw EnvironmentError(message: "Vault address \"\(address)\" is not an http(s):// or unix:// URL")
        }
    }
}

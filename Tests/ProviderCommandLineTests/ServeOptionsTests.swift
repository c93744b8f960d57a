import KubernetesClient
import Logging
import ProviderCommandLine
import ProviderLogging
import ProviderValues
import SecretsProvider
import Testing

/// The serve command's settings from flags over the environment over defaults, and the errors that stop it.
@Suite struct ServeOptionsTests {
    func options(_ arguments: [String], _ environment: [String: String] = [:]) throws -> ServeOptions {
        try ServeOptions(flags: ServeFlags.set.parse(arguments), environment: environment)
    }

    /// The `description` of what `options` throws.
    func failure(_ arguments: [String], _ environment: [String: String] = [:]) -> String? {
        do {
            _ = try options(arguments, environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func defaults() throws {
        let serve = try options([])
        #expect(serve.endpoint == "/tmp/vault.sock")
        #expect(serve.healthAddress == HealthAddress(":8080"))
        #expect(serve.healthAddress.host == "0.0.0.0")
        #expect(serve.logLevel == .info)
        #expect(serve.logFormat == .json)
        #expect(serve.settings.writeMode == .auto)
        #expect(serve.settings.kubeletDirectory == "/var/lib/kubelet")
        #expect(serve.settings.maxConcurrentReads == 16)
        #expect(serve.maxConcurrentVaultRequests == 64)
        #expect(serve.settings.cacheSize == 1000)
        #expect(serve.settings.maxMountAnswerBytes == 16 << 20)
        #expect(serve.settings.revokeOnPodDelete)
        #expect(serve.settings.allowedTLSDirectories == ["/vault/tls"])
        #expect(serve.settings.allowedVaultAddresses == nil)
        #expect(serve.settings.allowedAudiences == nil)
        #expect(serve.settings.vault.address == nil)
        #expect(serve.settings.defaultAudience == "vault")
        #expect(serve.hmacSecretName == "vault-csi-provider-hmac-key")
        #expect(serve.nodeName == nil)
        #expect(serve.kubernetes == .none)
        #expect(serve.shutdownGracePeriod == .seconds(30))
        #expect(serve.settings.leaseRenewFraction == 2.0 / 3.0)
        #expect(serve.settings.tokenRenewFraction == 0.5)
        #expect(!serve.settings.allowNodePublishSecretAuth)
    }

    @Test func flagsSetEverySetting() throws {
        let serve = try options([
            "-endpoint=/run/p.sock", "--health-addr", "127.0.0.1:9090", "-log-level=warn", "-log-format=text",
            "-write-mode=provider", "-kubelet-dir=/k", "-max-concurrent-reads=4", "-max-concurrent-vault-requests=8",
            "-cache-size=0", "-max-mount-bytes=1048576", "-revoke-on-pod-delete=false", "-allowed-tls-dir=/a",
            "-allowed-tls-dir=/b", "-allowed-vault-addresses=https://a, https://b", "-allowed-audiences=x",
            "-shutdown-grace-period=5s", "-hmac-secret-name=key", "-default-audience=aud", "-node-name=n1",
            "-lease-renew-fraction=5/6", "-token-renew-fraction", "0.75", "-allow-node-publish-secret-auth",
        ])
        #expect(serve.endpoint == "/run/p.sock")
        #expect(serve.healthAddress.description == "127.0.0.1:9090")
        #expect(serve.logLevel == .warning)
        #expect(serve.logFormat == .text)
        #expect(serve.settings.writeMode == .provider)
        #expect(serve.settings.kubeletDirectory == "/k")
        #expect(serve.settings.maxConcurrentReads == 4)
        #expect(serve.maxConcurrentVaultRequests == 8)
        #expect(serve.settings.cacheSize == 0)
        #expect(serve.settings.maxMountAnswerBytes == 1 << 20)
        #expect(!serve.settings.revokeOnPodDelete)
        #expect(serve.settings.allowedTLSDirectories == ["/a", "/b"])
        #expect(serve.settings.allowedVaultAddresses == ["https://a", "https://b"])
        #expect(serve.settings.allowedAudiences == ["x"])
        #expect(serve.shutdownGracePeriod == .seconds(5))
        #expect(serve.hmacSecretName == "key")
        #expect(serve.settings.defaultAudience == "aud")
        #expect(serve.nodeName == "n1")
        #expect(serve.settings.leaseRenewFraction == 5.0 / 6.0)
        #expect(serve.settings.tokenRenewFraction == 0.75)
        #expect(serve.settings.allowNodePublishSecretAuth)
    }

    @Test(arguments: [
        "0", "1", "1/1", "3/2", "-1/3", "1/0", "1/-3", "0/5", "", "2/3/4", "nan", "inf", "0x1p-1", "1e-1",
        " 0.5", "half", "1.5", "-0.5",
    ])
    func renewFractionsOutsideTheOpenIntervalAreRefused(value: String) {
        #expect(FractionFlag.parse(value) == nil)
        for flag in ["lease-renew-fraction", "token-renew-fraction"] {
            #expect(
                failure(["-\(flag)=\(value)"])
                    == "invalid value \"\(value)\" for flag -\(flag): "
                    + "a fraction strictly between 0 and 1, such as 2/3 or 0.75"
            )
        }
    }

    @Test func renewFractionsAreReadAsFractionsOrDecimals() {
        #expect(FractionFlag.parse("2/3") == 2.0 / 3.0)
        #expect(FractionFlag.parse("1/2") == 0.5)
        #expect(FractionFlag.parse("0.5") == 0.5)
        #expect(FractionFlag.parse(".25") == 0.25)
        #expect(FractionFlag.parse("99/100") == 0.99)
    }

    @Test func theOpenBaoSocketNameChangesTheDialectDefaults() throws {
        let serve = try options(["-endpoint", "/provider/openbao.sock"])
        #expect(serve.hmacSecretName == "openbao-csi-provider-hmac-key")
        #expect(serve.settings.defaultAudience == "openbao")
        let given = try options(["-endpoint", "/provider/openbao.sock", "-hmac-secret-name=k", "-default-audience=a"])
        #expect(given.hmacSecretName == "k" && given.settings.defaultAudience == "a")
    }

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheDefault() throws {
        let environment = [
            "VAULT_ADDR": "https://env:8200", "NODE_NAME": "env-node", "KUBECONFIG": "/env/a:/env/b",
            "VAULT_NAMESPACE": "env-ns",
        ]
        let fromEnvironment = try options([], environment)
        #expect(fromEnvironment.settings.vault.address == "https://env:8200")
        #expect(fromEnvironment.settings.vault.namespace == "env-ns")
        #expect(fromEnvironment.nodeName == "env-node")
        #expect(fromEnvironment.kubernetes == .kubeconfig(path: "/env/a"))
        let fromFlags = try options(
            [
                "-vault-addr=https://flag:8200", "-vault-namespace=flag-ns",
                "-node-name=flag-node", "-kubeconfig=/flag",
            ], environment)
        #expect(fromFlags.settings.vault.address == "https://flag:8200")
        #expect(fromFlags.settings.vault.namespace == "flag-ns")
        #expect(fromFlags.nodeName == "flag-node")
        #expect(fromFlags.kubernetes == .kubeconfig(path: "/flag"))
        // Vault's transport comes from the environment alone.
        let transport = try options([], ["VAULT_MAX_RETRIES": "5", "BAO_CLIENT_TIMEOUT": "90s"]).vaultTransport
        #expect(transport.maxRetries == 5 && transport.requestTimeout == .seconds(90))
        #expect(try options([]).vaultTransport.maxRetries == 2)
        // The OpenBao twin wins at one level.
        #expect(
            try options(["-vault-addr=https://v", "-openbao-addr=https://b"]).settings.vault.address == "https://b")
        // An empty value is not given.
        #expect(try options([], ["NODE_NAME": ""]).nodeName == nil)
    }

    @Test func debugMeansTheDebugLevelUnlessALevelIsGiven() throws {
        #expect(try options(["-debug"]).logLevel == .debug)
        #expect(try options(["-debug", "-log-level=error"]).logLevel == .error)
        #expect(try options(["-log-level=off"]).logLevel == nil)
    }

    @Test func invalidValuesAreUsageErrors() {
        let cases: [([String], String)] = [
            (["-health-addr=8080"], #"invalid value "8080" for flag -health-addr: use host:port, such as :8080"#),
            (["-health-addr=:99999"], #"invalid value ":99999" for flag -health-addr: use host:port, such as :8080"#),
            (["-log-format=xml"], #"invalid value "xml" for flag -log-format: use json or text"#),
            (
                ["-log-level=chatty"],
                #"invalid value "chatty" for flag -log-level: invalid log level "chatty": "#
                    + "use trace, debug, info, warn, error or off"
            ),
            (["-write-mode=sideways"], #"invalid value "sideways" for flag -write-mode: use auto, provider or driver"#),
            (["-max-concurrent-reads=0"], #"invalid value "0" for flag -max-concurrent-reads: must be at least 1"#),
            (
                ["-max-concurrent-vault-requests=0"],
                #"invalid value "0" for flag -max-concurrent-vault-requests: must be at least 1"#
            ),
            (["-cache-size=1000001"], #"invalid value "1000001" for flag -cache-size: must be at most 1000000"#),
            (
                ["-max-mount-bytes=1048575"],
                #"invalid value "1048575" for flag -max-mount-bytes: must be at least 1048576"#
            ),
            (["-cache-size=many"], #"invalid value "many" for flag -cache-size: parse error"#),
            (
                ["-shutdown-grace-period=forever"],
                #"invalid value "forever" for flag -shutdown-grace-period: parse error"#
            ),
            (
                ["-vault-tls-skip-verify=perhaps"],
                #"invalid value "perhaps" for flag -vault-tls-skip-verify: parse error"#
            ),
        ]
        for (arguments, message) in cases {
            #expect(failure(arguments) == message, "\(arguments)")
        }
    }

    @Test func environmentErrorsNameTheVariable() throws {
        let cases: [([String: String], String)] = [
            (["VAULT_ADDR": "ftp://vault"], #"Vault address "ftp://vault" is not an http(s):// or unix:// URL"#),
            (["VAULT_SKIP_VERIFY": "perhaps"], #"VAULT_SKIP_VERIFY="perhaps" is not a boolean (use true or false)"#),
            (["BAO_SKIP_VERIFY": "perhaps"], #"BAO_SKIP_VERIFY="perhaps" is not a boolean (use true or false)"#),
            (["VAULT_MAX_RETRIES": "many"], #"VAULT_MAX_RETRIES="many": not a whole number of retries (0 to 100)"#),
            (["BAO_CLIENT_TIMEOUT": "soon"], #"BAO_CLIENT_TIMEOUT="soon": not a duration (60, 90s, 2m)"#),
        ]
        for (environment, message) in cases {
            #expect(throws: EnvironmentError.self, "\(environment)") { try options([], environment) }
            #expect(failure([], environment) == message, "\(environment)")
        }
        // A flag's address is checked the same way, and it is still the environment's error type.
        #expect(
            failure(["-vault-addr=ftp://flag"])
                == #"Vault address "ftp://flag" is not an http(s):// or unix:// URL"#)
        let socket = "unix:///run/vault.sock"
        #expect(try options([], ["VAULT_ADDR": socket]).settings.vault.address == socket)
    }
}

/// `-vault-addr` and the address variables may list several addresses of one cluster; each one is checked.
@Suite struct ServeOptionsAddressListTests {
    func options(_ arguments: [String], _ environment: [String: String] = [:]) throws -> ServeOptions {
        try ServeOptions(flags: ServeFlags.set.parse(arguments), environment: environment)
    }

    @Test func aListIsAcceptedAndTokensAreSharedByDefault() throws {
        let serve = try options(["-vault-addr=https://a:8200, unix:///run/agent.sock"])
        #expect(serve.settings.vault.address == "https://a:8200, unix:///run/agent.sock")
        #expect(serve.vaultTransport.addressesShareTokens)
        #expect(try options([], ["BAO_ADDR": "http://a,http://b"]).settings.vault.address == "http://a,http://b")
    }

    @Test func eachElementMustBeAVaultAddress() {
        let cases: [([String], [String: String], String)] = [
            (
                ["-vault-addr=https://a, ftp://b"], [:],
                #"Vault address "ftp://b" is not an http(s):// or unix:// URL"#
            ),
            (
                [], ["VAULT_ADDR": "http://a,vault-b:8200"],
                #"Vault address "vault-b:8200" is not an http(s):// or unix:// URL"#
            ),
            (["-openbao-addr= , "], [:], #"Vault address " , " lists no address"#),
        ]
        for (arguments, environment, message) in cases {
            #expect(throws: EnvironmentError.self, "\(arguments)") { try options(arguments, environment) }
            do {
                _ = try options(arguments, environment)
            } catch {
                #expect("\(error)" == message, "\(arguments) \(environment)")
            }
        }
    }

    @Test func theOptOutBindsTokensToTheirAddress() throws {
        #expect(!(try options(["-vault-addresses-share-tokens=false"]).vaultTransport.addressesShareTokens))
    }
}

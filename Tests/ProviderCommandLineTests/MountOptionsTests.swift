import ProviderCommandLine
import ProviderWiring
import Testing

/// The `mount` command line: flags before and after FILE, defaults, and its usage errors (exit 2).
@Suite struct MountOptionsTests {
    let identity = ["-namespace", "default", "-service-account", "app-sa", "-target", "/tmp/t"]

    /// The `description` of what parsing `arguments` throws.
    func failure(_ arguments: [String]) -> String? {
        do {
            _ = try MountOptions(arguments)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func flagsBeforeAndAfterFileInEverySpelling() throws {
        let options = try MountOptions([
            "-namespace=default", "classes.yaml", "--service-account", "app-sa",
            "--target=/tmp/t", "-class", "app-secrets", "-pod", "p", "-pod-uid=u",
        ])
        let local = options.local
        #expect(local.file == "classes.yaml")
        #expect(local.namespace == "default" && local.serviceAccount == "app-sa" && local.target == "/tmp/t")
        #expect(local.className == "app-secrets")
        #expect(local.pod?.name == "p" && local.pod?.uid == "u")
    }

    @Test func defaults() throws {
        let options = try MountOptions(identity + ["classes.yaml"])
        #expect(options.logLevel == .error)
        #expect(options.local.timeout == .seconds(120))
        #expect(options.local.hmacSecretNamespace == "csi")
        #expect(options.local.hmacSecretName == "vault-csi-provider-hmac-key")
        #expect(options.local.className == nil && options.local.audience == nil && options.local.pod == nil)
        #expect(options.local.tokenFile == nil && options.local.kubeconfig == nil && options.local.vaultAddress == nil)
        #expect(options.local.nodePublishSecret == nil)
    }

    @Test func everyOptionalFlag() throws {
        let options = try MountOptions(
            identity + [
                "f.yaml", "-audience=aud", "-token-file=/t", "-kubeconfig=/k", "-vault-addr=http://127.0.0.1:8200",
                "-hmac-secret-namespace=ns", "-hmac-secret-name=key", "-timeout=30s", "-log-level=off",
                "-node-publish-secret=csi-approle",
            ])
        #expect(options.local.audience == "aud")
        #expect(options.local.tokenFile == "/t")
        #expect(options.local.kubeconfig == "/k")
        #expect(options.local.vaultAddress == "http://127.0.0.1:8200")
        #expect(options.local.hmacSecretNamespace == "ns" && options.local.hmacSecretName == "key")
        #expect(options.local.timeout == .seconds(30))
        #expect(options.local.nodePublishSecret == "csi-approle")
        #expect(options.logLevel == nil)
    }

    @Test func afterDoubleDashEverythingIsAFile() throws {
        #expect(try MountOptions(identity + ["--", "-odd.yaml"]).local.file == "-odd.yaml")
        #expect(
            failure(identity + ["--", "a.yaml", "-class=x"])
                == "exactly one FILE is expected, got 2: a.yaml -class=x")
    }

    @Test func usageErrors() {
        let cases: [([String], String)] = [
            (identity, "missing FILE: the SecretProviderClass manifest"),
            (identity + ["a.yaml", "b.yaml"], "exactly one FILE is expected, got 2: a.yaml b.yaml"),
            (["f.yaml"], "missing required flags: -namespace, -service-account, -target"),
            (["f.yaml", "-namespace=n", "-service-account=s"], "missing required flag: -target"),
            (identity + ["f.yaml", "-pod=p"], "-pod and -pod-uid go together: give both or neither"),
            (identity + ["f.yaml", "-pod-uid=u"], "-pod and -pod-uid go together: give both or neither"),
            (identity + ["f.yaml", "-timeout=0s"], #"invalid value "0s" for flag -timeout: must be positive"#),
            (identity + ["f.yaml", "-timeout=soon"], #"invalid value "soon" for flag -timeout: parse error"#),
            (
                identity + ["f.yaml", "-log-level=loud"],
                #"invalid value "loud" for flag -log-level: invalid log level "loud": "#
                    + "use trace, debug, info, warn, error or off"
            ),
            (identity + ["f.yaml", "-endpoint=/x"], "flag provided but not defined: -endpoint"),
            (identity + ["f.yaml", "-class"], "flag needs an argument: -class"),
        ]
        for (arguments, message) in cases {
            #expect(failure(arguments) == message, "\(arguments)")
        }
        #expect(throws: MountCommandUsageError.self) { try MountOptions(identity) }
        #expect(throws: GoFlagSet.UsageError.helpRequested) { try MountOptions(["f.yaml", "-h"]) }
    }

    @Test func helpPrintsTheUsageOnStandardErrorAndExitsZero() async {
        let captured = CapturedStreams()
        #expect(await MountCommand.run(["--help"], environment: [:], streams: captured.streams) == 0)
        #expect(captured.output == "")
        #expect(captured.error == MountFlags.usage + "\n")
        #expect(
            captured.error.hasPrefix(
                """
                Usage of vault-csi-provider mount:
                  vault-csi-provider mount FILE -namespace NS -service-account SA -target DIR [flags]

                """))
        #expect(captured.error.contains("  -service-account string\n    \tthe pod's service account (required)\n"))
        #expect(
            captured.error.hasSuffix(
                """
                  -log-level string
                    \tlevel of the provider's log lines on stderr (text format): \
                trace, debug, info, warn, error or off (default "error")

                """))
    }

    @Test func aUsageErrorPrintsTheProblemThenTheUsageAndExitsTwo() async {
        let captured = CapturedStreams()
        #expect(await MountCommand.run(["-namespace=n"], environment: [:], streams: captured.streams) == 2)
        #expect(captured.output == "")
        #expect(captured.error == "missing FILE: the SecretProviderClass manifest\n" + MountFlags.usage + "\n")
    }
}

import ProviderCommandLine
import Synchronization
import Testing

/// The top-level dispatch: which command runs, `version`, usage, and exit statuses, without spawning the binary.
@Suite struct ProviderCommandTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "the socket is taken" }
    }

    /// Runs the command line; `serve` records the options it got and fails when asked to.
    func run(_ arguments: [String], environment: [String: String] = [:], serveFails: Bool = false)
        async -> (status: Int32, output: String, error: String, served: [String])
    {
        let captured = CapturedStreams()
        let served = Mutex<[String]>([])
        let status = await ProviderCommand.run(
            arguments, environment: environment, version: "1.2.3", streams: captured.streams,
            serve: { options in
                served.withLock { $0.append(options.endpoint) }
                if serveFails { throw Failure() }
            })
        return (status, captured.output, captured.error, served.withLock { $0 })
    }

    @Test func versionInEverySpelling() async {
        let spellings = [
            ["version"], ["-version"], ["--version"], ["--debug=false", "-version"], ["-version", "extra"],
        ]
        for arguments in spellings {
            let result = await run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.output == "vault-csi-provider 1.2.3\n")
            #expect(result.error == "")
            #expect(result.served.isEmpty)
        }
    }

    @Test func helpPrintsTheUsageOnStandardErrorAndExitsZero() async {
        for help in ["-h", "--help", "-help"] {
            let result = await run([help])
            #expect(result.status == 0)
            #expect(result.output == "")
            #expect(result.error == ProviderCommand.usage)
        }
        let usage = ProviderCommand.usage
        #expect(
            usage.hasPrefix(
                """
                Usage of vault-csi-provider:
                  vault-csi-provider [flags]          serve the provider API
                  vault-csi-provider lint FILE...     check SecretProviderClass manifests offline
                  vault-csi-provider mount FILE ...   perform a pod's mount from a laptop (mount -h for its flags)
                  vault-csi-provider version          print the version
                  -endpoint string
                    \tpath to the Unix socket the driver connects to (default "/tmp/vault.sock")

                """))
        #expect(usage.hasSuffix("(logins included); the rest queue within their deadlines (default 64)\n"))
    }

    @Test func anUnknownCommandIsAUsageError() async {
        let result = await run(["frobnicate"])
        #expect(result.status == 2)
        #expect(result.output == "")
        #expect(
            result.error == """
                unknown command "frobnicate"; the commands are: lint, mount, version (no command serves)

                """ + ProviderCommand.usage)
        #expect(result.served.isEmpty)
    }

    @Test func aBadFlagExitsTwoWithTheUsage() async {
        let cases: [([String], String)] = [
            (["-no-such-flag"], "flag provided but not defined: -no-such-flag"),
            (["-endpoint"], "flag needs an argument: -endpoint"),
            (["-write-mode=sideways"], #"invalid value "sideways" for flag -write-mode: use auto, provider or driver"#),
            (
                ["-vault-tls-skip-verify=perhaps"],
                #"invalid value "perhaps" for flag -vault-tls-skip-verify: parse error"#
            ),
        ]
        for (arguments, message) in cases {
            let result = await run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.error == message + "\n" + ProviderCommand.usage)
            #expect(result.served.isEmpty)
        }
    }

    @Test func aBadEnvironmentVariableExitsTwoWithoutTheUsage() async {
        let result = await run(["-endpoint", "/tmp/p.sock"], environment: ["VAULT_SKIP_VERIFY": "perhaps"])
        #expect(result.status == 2)
        #expect(
            result.error
                == "vault-csi-provider: VAULT_SKIP_VERIFY=\"perhaps\" is not a boolean (use true or false)\n")
        let address = await run([], environment: ["VAULT_ADDR": "ftp://vault"])
        #expect(address.status == 2)
        #expect(
            address.error
                == "vault-csi-provider: Vault address \"ftp://vault\" is not an http(s):// or unix:// URL\n")
    }

    @Test func withoutACommandItServes() async {
        let served = await run(["-endpoint=/tmp/p.sock"])
        #expect(served.status == 0)
        #expect(served.served == ["/tmp/p.sock"])
        #expect(served.output == "" && served.error == "")
        let failed = await run([], serveFails: true)
        #expect(failed.status == 1)
        #expect(failed.served == ["/tmp/vault.sock"])
        #expect(failed.error == "vault-csi-provider: the socket is taken\n")
    }

    @Test func lintAndMountAreDispatchedWithTheirArguments() async {
        let lint = await run(["lint", "-h"])
        #expect(lint.status == 0)
        #expect(lint.output == LintCommand.usage)
        let lintUsage = await run(["lint"])
        #expect(lintUsage.status == 2)
        #expect(lintUsage.error.hasPrefix("lint: no FILE given\n"))
        let mount = await run(["mount", "-h"])
        #expect(mount.status == 0)
        #expect(mount.error == MountFlags.usage + "\n")
        // A command after the flags is not a subcommand.
        let late = await run(["-debug", "lint"])
        #expect(late.status == 2)
        #expect(late.error.hasPrefix("unknown command \"lint\";"))
        #expect(lint.served.isEmpty && mount.served.isEmpty && late.served.isEmpty)
    }
}

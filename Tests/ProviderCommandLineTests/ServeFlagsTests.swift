import ProviderCommandLine
import Testing

/// The serve command's flag set in Go's syntax.
@Suite struct ServeFlagsTests {
    @Test func everySpellingOfAValue() throws {
        for arguments in [["-endpoint=/x"], ["-endpoint", "/x"], ["--endpoint=/x"], ["--endpoint", "/x"]] {
            #expect(try ServeFlags.set.parse(arguments).string("endpoint") == "/x", "\(arguments)")
        }
    }

    @Test func defaultsApplyToFlagsNotGiven() throws {
        let parsed = try ServeFlags.set.parse([])
        #expect(parsed.string("endpoint") == "/tmp/vault.sock")
        #expect(parsed.string("health-addr") == ":8080")
        #expect(parsed.int("cache-size") == 1000)
        #expect(parsed.duration("shutdown-grace-period") == .seconds(30))
        #expect(parsed.bool("revoke-on-pod-delete"))
        #expect(parsed.strings("allowed-tls-dir") == ["/vault/tls"])
        #expect(parsed.values.isEmpty)
    }

    @Test func booleansTakeNoSeparateValue() throws {
        #expect(try ServeFlags.set.parse(["-debug"]).bool("debug"))
        #expect(try !ServeFlags.set.parse(["--revoke-on-pod-delete=false"]).bool("revoke-on-pod-delete"))
        #expect(try ServeFlags.set.parse(["-debug", "version"]).arguments == ["version"])
        #expect(throws: GoFlagSet.UsageError.invalidValue(flag: "debug", value: "yes", expected: "parse error")) {
            try ServeFlags.set.parse(["-debug=yes"])
        }
    }

    @Test func helpAndUnknownFlags() {
        for help in ["-h", "--help", "-help"] {
            #expect(throws: GoFlagSet.UsageError.helpRequested) { try ServeFlags.set.parse([help]) }
        }
        #expect(throws: GoFlagSet.UsageError.unknownFlag("no-such-flag")) {
            try ServeFlags.set.parse(["-no-such-flag"])
        }
        #expect(throws: GoFlagSet.UsageError.missingValue("endpoint")) { try ServeFlags.set.parse(["-endpoint"]) }
    }

    @Test func vaultFlagsComeInBothDialects() throws {
        let parsed = try ServeFlags.set.parse(["-vault-addr=https://v:8200", "-openbao-namespace", "team"])
        #expect(parsed.values == ["vault-addr": "https://v:8200", "openbao-namespace": "team"])
        let usage = ServeFlags.set.usage
        #expect(
            usage.contains(
                """
                  -vault-addr string
                    \tdefault Vault address (else VAULT_ADDR); a SecretProviderClass may override it
                  -vault-mount string
                    \tdefault Vault auth mount path; a SecretProviderClass may override it (default "kubernetes")

                """))
        #expect(
            usage.contains(
                """
                  -vault-tls-skip-verify
                    \tskip verifying Vault's certificate (else VAULT_SKIP_VERIFY)
                  -openbao-addr string
                    \t-vault-addr under the OpenBao fork's name (else BAO_ADDR)

                """))
    }
}

import InMemoryVault
import SecretsProvider
import Testing

/// `-lease-renew-fraction` and `-token-renew-fraction` move when leases and tokens are renewed, and how long an
/// unrenewed lease is reused; the defaults (two-thirds, a half) are LifecyclePipelineTests'.
@Suite struct RenewFractionPipelineTests {
    static let database = "- {objectName: db-user, secretPath: database/creds/app, secretKey: username}"
    static let kv = "- {objectName: a, secretPath: secret/data/app, secretKey: k}"

    /// Database leases of 60 s (at most 300 s); tokens of `tokenTTL`; both fractions at `fraction`.
    func fixture(fraction: Double, tokenTTL: Int = 3600) async -> PipelineFixture {
        let fixture = await PipelineFixture { settings in
            settings.leaseRenewFraction = fraction
            settings.tokenRenewFraction = fraction
        }
        await fixture.vault.enable(.database(leaseSeconds: 60, maxLeaseSeconds: 300), at: "database")
        await fixture.vault.addRole(
            "app", VaultRole(boundServiceAccounts: ["default/app-sa"], ttl: tokenTTL, maxTTL: 3600))
        await fixture.vault.write("secret/app", ["k": "v"])
        return fixture
    }

    @Test func anUnrenewedLeaseIsReusedUpToTheLeaseFraction() async throws {
        let fixture = await fixture(fraction: 5.0 / 6.0)
        let first = try await fixture.mount(Self.database)
        fixture.clock.advance(by: .seconds(45))
        #expect(try await fixture.mount(Self.database).text("db-user") == first.text("db-user"), "past 2/3, before 5/6")
        fixture.clock.advance(by: .seconds(6))
        #expect(try await fixture.mount(Self.database).text("db-user") != first.text("db-user"), "past 5/6")
    }

    @Test func aLeaseIsRenewedAtTheLeaseFraction() async throws {
        let fixture = await fixture(fraction: 5.0 / 6.0)
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(Self.database)
        // The token (3600 s) is not due; the lease is due between 44 s and 50 s (5/6 of 60 s, less up to 6 s).
        fixture.clock.advance(by: .seconds(43))
        #expect(await fixture.provider.renewDue() == 0)
        fixture.clock.advance(by: .seconds(8))
        #expect(await fixture.provider.renewDue() == 1)
        #expect(await fixture.vault.issuedLeases.first?.renewals == 1)
    }

    @Test func aTokenIsRenewedAtTheTokenFractionAndServesMountsUntilThen() async throws {
        let fixture = await fixture(fraction: 5.0 / 6.0, tokenTTL: 600)
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(Self.kv)
        // Due between 440 s and 500 s (5/6 of 600 s, less up to 60 s); the default (a half) would renew at 300 s.
        fixture.clock.advance(by: .seconds(439))
        #expect(await fixture.provider.renewDue() == 0)
        _ = try await fixture.mount(Self.kv)
        fixture.clock.advance(by: .seconds(62))
        #expect(await fixture.provider.renewDue() == 1)
        #expect(await fixture.vault.count("POST", "/v1/auth/token/renew-self") == 1)
        _ = try await fixture.mount(Self.kv)
        #expect(await fixture.vault.loginCount == 1, "the token served every Mount: renewed, never replaced")
    }

    @Test func aSmallFractionRenewsEarlyWithoutARenewalStorm() async throws {
        let fixture = await fixture(fraction: 0.05, tokenTTL: 600)
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(Self.kv)
        // Due between 24 s and 30 s: the jitter is a fifth of so small a fraction, never the whole of it.
        fixture.clock.advance(by: .seconds(23))
        #expect(await fixture.provider.renewDue() == 0)
        fixture.clock.advance(by: .seconds(8))
        #expect(await fixture.provider.renewDue() == 1)
        #expect(await fixture.provider.renewDue() == 0, "renewed: the next is 24 s to 30 s away, not due at once")
    }
}

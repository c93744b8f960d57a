import InMemoryVault
import SecretsProvider
import Testing

/// Every Mount hands its Vault client back to the connector when it ends, whether it succeeded or failed, so that an
/// evicted client shuts down once its Mounts ended and never under one.
@Suite struct ClientCheckoutPipelineTests {
    static let objects = "- {objectName: a, secretPath: secret/data/a, secretKey: k}"

    @Test func aMountThatSucceedsHandsItsClientBack() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/a", ["k": "1"])
        _ = try await fixture.mount(Self.objects)
        _ = try await fixture.mount(Self.objects, pod: "pod-2")
        #expect(await fixture.vault.connections.count == 2)
        #expect(await fixture.vault.checkedOut == 0)
    }

    @Test func aMountWhoseReadFailsHandsItsClientBack() async throws {
        let fixture = await PipelineFixture()
        await #expect(throws: MountError.self) { _ = try await fixture.mount(Self.objects) }
        #expect(await fixture.vault.connections.count == 1)
        #expect(await fixture.vault.checkedOut == 0)
    }

    @Test func aMountWhoseLoginFailsHandsItsClientBack() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/a", ["k": "1"])
        await #expect(throws: MountError.self) { _ = try await fixture.mount(Self.objects, serviceAccount: "other-sa") }
        #expect(await fixture.vault.connections.count == 1)
        #expect(await fixture.vault.checkedOut == 0)
    }

    /// Renewals and the revocation check a client out for each request and hand it back: none keeps the Mount's
    /// client, which the pool may have evicted (and shut down) since the Mount ended.
    @Test func renewalsAndTheRevocationCheckTheirClientOutAndHandItBack() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.enable(.database(leaseSeconds: 60, maxLeaseSeconds: 300), at: "database")
        await fixture.vault.addRole("app", VaultRole(boundServiceAccounts: ["default/app-sa"], ttl: 60, maxTTL: 3600))
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount("- {objectName: u, secretPath: database/creds/app, secretKey: username}")
        #expect(await fixture.vault.connections.count == 1)
        fixture.clock.advance(by: .seconds(45))
        #expect(await fixture.provider.renewDue() == 2, "the token and the lease")
        #expect(await fixture.vault.connections.count == 3, "one checkout per renewal")
        #expect(await fixture.vault.checkedOut == 0)
        await fixture.provider.podDeleted(uid: "pod-1")
        #expect(await fixture.vault.count("POST", "/v1/auth/token/revoke-self") == 1)
        #expect(await fixture.vault.connections.count == 4, "one checkout for the revocation")
        #expect(await fixture.vault.checkedOut == 0)
    }
}

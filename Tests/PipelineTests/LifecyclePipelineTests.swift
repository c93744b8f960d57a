import InMemoryVault
import XCTest

/// The Vault Agent's guarantees at DaemonSet cost, on the in-memory Vault with a moved clock: background renewal of
/// tokens and leases for pods the watch reports alive, and revocation when a pod is deleted.
final class LifecyclePipelineTests: XCTestCase {
    static let objects = """
        - {objectName: db-user, secretPath: database/creds/app, secretKey: username}
        - {objectName: db-pass, secretPath: database/creds/app, secretKey: password}
        """

    /// Database leases of 60 s, at most 300 s; tokens of `tokenTTL`, at most an hour.
    func fixture(tokenTTL: Int = 3600, revokeOnPodDelete: Bool = true) async -> PipelineFixture {
        let fixture = await PipelineFixture(revokeOnPodDelete: revokeOnPodDelete)
        await fixture.vault.enable(.database(leaseSeconds: 60, maxLeaseSeconds: 300), at: "database")
        await fixture.vault.addRole(
            "app", VaultRole(boundServiceAccounts: ["default/app-sa"], ttl: tokenTTL, maxTTL: 3600))
        return fixture
    }

    func testALeaseIsRenewedWhileThePodLivesThenReplacedBeforeItsMaxTTL() async throws {
        let fixture = await fixture()
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        let first = try await fixture.mount(Self.objects)
        var elapsed = 0
        var renewals = 0
        // Every 5 s, as the background loop would (it runs when a renewal comes due): renewals at about
        // two-thirds of each 60 s lease, and the same user for the volume's Mounts long past two-thirds of the first
        // lease.
        while elapsed < 240 {
            fixture.clock.advance(by: .seconds(5))
            elapsed += 5
            renewals += await fixture.provider.renewDue()
            let again = try await fixture.mount(Self.objects)
            XCTAssertEqual(again.text("db-user"), first.text("db-user"), "at \(elapsed) s")
        }
        let leases = await fixture.vault.issuedLeases
        XCTAssertEqual(leases.count, 1)
        XCTAssertGreaterThanOrEqual(leases[0].renewals, 5)
        XCTAssertEqual(renewals, leases[0].renewals)
        // The max TTL (300 s) caps the renewals: reuse stops early, and a new user comes before the old one expires.
        var replaced: String?
        while elapsed < 300, replaced == nil {
            fixture.clock.advance(by: .seconds(5))
            elapsed += 5
            await fixture.provider.renewDue()
            let again = try await fixture.mount(Self.objects)
            if again.text("db-user") != first.text("db-user") { replaced = again.text("db-user") }
        }
        XCTAssertNotNil(replaced, "a new user before the first one's max TTL")
        XCTAssertLessThan(elapsed, 300)
        let issued = await fixture.vault.count("GET", "/v1/database/creds/app")
        XCTAssertEqual(issued, 2)
    }

    func testWithoutTheWatchNothingIsRenewedAndReuseEndsAtTwoThirds() async throws {
        let fixture = await fixture()
        let first = try await fixture.mount(Self.objects)
        fixture.clock.advance(by: .seconds(41))
        let attempted = await fixture.provider.renewDue()
        XCTAssertEqual(attempted, 0)
        let again = try await fixture.mount(Self.objects)
        XCTAssertNotEqual(again.text("db-user"), first.text("db-user"))
    }

    func testAPodThatStoppedRunningIsNoLongerRenewed() async throws {
        let fixture = await fixture()
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(Self.objects)
        await fixture.provider.podChanged(uid: "pod-1", alive: false)
        fixture.clock.advance(by: .seconds(41))
        let attempted = await fixture.provider.renewDue()
        XCTAssertEqual(attempted, 0)
    }

    func testATokenIsRenewedInsteadOfLoggingInAgain() async throws {
        let fixture = await fixture(tokenTTL: 600)
        await fixture.vault.write("secret/app", ["k": "v"])
        let kv = "- {objectName: a, secretPath: secret/data/app, secretKey: k}"
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(kv)
        // Past half of 600 s: renewed. At 500 s the login's token would be past its refresh point (two-thirds).
        fixture.clock.advance(by: .seconds(301))
        await fixture.provider.renewDue()
        fixture.clock.advance(by: .seconds(199))
        _ = try await fixture.mount(kv)
        let logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 1)
        let tokens = await fixture.vault.issuedTokens
        let state = await fixture.vault.tokenState(tokens[0])
        XCTAssertEqual(state?.renewals, 1)
    }

    /// With `-cache-size=0` every Mount logs in: only the newest token of a pod is renewed, and all are revoked.
    func testOnlyTheNewestTokenIsRenewedAndEveryOneIsRevoked() async throws {
        let fixture = await PipelineFixture(cacheSize: 0)
        await fixture.vault.addRole("app", VaultRole(boundServiceAccounts: ["default/app-sa"], ttl: 600, maxTTL: 3600))
        await fixture.vault.write("secret/app", ["k": "v"])
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        for _ in 0..<3 { _ = try await fixture.mount("- {objectName: a, secretPath: secret/data/app, secretKey: k}") }
        fixture.clock.advance(by: .seconds(301))
        let attempted = await fixture.provider.renewDue()
        XCTAssertEqual(attempted, 1)
        await fixture.provider.podDeleted(uid: "pod-1")
        let revokes = await fixture.vault.count("POST", "/v1/auth/token/revoke-self")
        XCTAssertEqual(revokes, 3)
    }

    func testADeletedPodsTokensAndLeasesAreRevokedAndNoOtherPodIsTouched() async throws {
        let fixture = await fixture()
        await fixture.provider.podsListed(alive: ["pod-1", "pod-2"], gone: [])
        let gone = try await fixture.mount(Self.objects, pod: "pod-1")
        let kept = try await fixture.mount(Self.objects, pod: "pod-2")
        XCTAssertNotEqual(gone.text("db-user"), kept.text("db-user"))
        await fixture.provider.podDeleted(uid: "pod-1")
        let leases = await fixture.vault.issuedLeases
        XCTAssertEqual(leases.map(\.alive), [false, true])
        XCTAssertEqual(leases.map(\.revoked), [true, false])
        let revokes = await fixture.vault.count("POST", "/v1/auth/token/revoke-self")
        XCTAssertEqual(revokes, 1)
        // The deleted pod's cache entries are gone: were it to mount again, it would log in afresh.
        _ = try await fixture.mount(Self.objects, pod: "pod-2")
        let logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 2, "pod-2 still uses its token")
    }

    func testWithRevocationOffNothingIsRevoked() async throws {
        let fixture = await fixture(revokeOnPodDelete: false)
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(Self.objects, pod: "pod-1")
        await fixture.provider.podDeleted(uid: "pod-1")
        let leases = await fixture.vault.issuedLeases
        XCTAssertEqual(leases.map(\.alive), [true])
        let revokes = await fixture.vault.count("POST", "/v1/auth/token/revoke-self")
        XCTAssertEqual(revokes, 0)
    }

    func testAPodGoneWhileTheWatchWasDownCountsAsDeleted() async throws {
        let fixture = await fixture()
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        _ = try await fixture.mount(Self.objects, pod: "pod-1")
        await fixture.provider.podsListed(alive: [], gone: ["pod-1"])
        let leases = await fixture.vault.issuedLeases
        XCTAssertEqual(leases.map(\.alive), [false])
    }

    func testAMountInFlightWhenItsPodIsDeletedRevokesItsTokenWhenItEnds() async throws {
        let fixture = await fixture()
        await fixture.provider.podsListed(alive: ["pod-1"], gone: [])
        // The login is held until the deletion was seen: the token arrives after it.
        let gate = VaultGate()
        await fixture.vault.inject(.hold(gate), pathPrefix: "/v1/auth/")
        async let mounted = fixture.mount(Self.objects, pod: "pod-1")
        await gate.held()
        await fixture.provider.podDeleted(uid: "pod-1")
        gate.open()
        _ = try await mounted
        let leases = await fixture.vault.issuedLeases
        XCTAssertEqual(
            leases.map(\.alive), [false], "the lease obtained by the Mount in flight is revoked with its token")
    }
}

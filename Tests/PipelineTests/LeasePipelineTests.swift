import InMemoryVault
import XCTest

/// Dynamic credentials reused across remounts of one pod's volume until two-thirds of their lease.
final class LeasePipelineTests: XCTestCase {
    static let objects = """
        - {objectName: db-user, secretPath: database/creds/app, secretKey: username}
        - {objectName: db-pass, secretPath: database/creds/app, secretKey: password}
        """

    func testRemountsReuseTheCredentialUntilTwoThirdsOfItsLease() async throws {
        let fixture = await PipelineFixture()
        let first = try await fixture.mount(Self.objects)
        fixture.clock.advance(by: .seconds(39 * 60))
        let reused = try await fixture.mount(Self.objects)
        XCTAssertEqual(reused.text("db-user"), first.text("db-user"))
        XCTAssertEqual(reused.text("db-pass"), first.text("db-pass"))
        var issued = await fixture.vault.count("GET", "/v1/database/creds/app")
        XCTAssertEqual(issued, 1)
        // 41 minutes of a 60-minute lease: past two-thirds, a new credential.
        fixture.clock.advance(by: .seconds(2 * 60))
        let renewed = try await fixture.mount(Self.objects)
        XCTAssertNotEqual(renewed.text("db-user"), first.text("db-user"))
        issued = await fixture.vault.count("GET", "/v1/database/creds/app")
        XCTAssertEqual(issued, 2)
    }

    func testNothingIsSharedAcrossVolumesOrPods() async throws {
        let fixture = await PipelineFixture()
        let first = try await fixture.mount(Self.objects)
        let otherVolume = try await fixture.mount(Self.objects, volume: "other")
        let otherPod = try await fixture.mount(Self.objects, pod: "pod-2")
        let users = Set([first, otherVolume, otherPod].compactMap { $0.text("db-user") })
        XCTAssertEqual(users.count, 3)
        let issued = await fixture.vault.count("GET", "/v1/database/creds/app")
        XCTAssertEqual(issued, 3)
    }

    func testReuseLeasesFalseIssuesEveryTime() async throws {
        let fixture = await PipelineFixture()
        _ = try await fixture.mount(Self.objects, parameters: ["reuseLeases": "false"])
        _ = try await fixture.mount(Self.objects, parameters: ["reuseLeases": "false"])
        let issued = await fixture.vault.count("GET", "/v1/database/creds/app")
        XCTAssertEqual(issued, 2)
        do {
            _ = try await fixture.mount(Self.objects, parameters: ["reuseLeases": "sometimes"])
            XCTFail("a bad boolean is refused")
        } catch {
            XCTAssertTrue("\(error)".contains("reuseLeases"), "\(error)")
        }
    }

    /// A KV v1 secret shaped like a certificate with an expiry past Int64 milliseconds once crashed the provider; it is
    /// reused, for ten years at most.
    func testASecretShapedLikeACertificateExpiringFarAwayIsServedAndReused() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write(
            "kv/cert", json: .object(["certificate": .string("x"), "expiration": .number("1e17")]))
        let objects = "- {objectName: cert, secretPath: kv/cert, secretKey: certificate}"
        let first = try await fixture.mount(objects)
        XCTAssertEqual(first.text("cert"), "x")
        fixture.clock.advance(by: .seconds(3600 * 24 * 365))
        _ = try await fixture.mount(objects)
        let reads = await fixture.vault.count("GET", "/v1/kv/cert")
        XCTAssertEqual(reads, 1, "reused a year later")
    }

    /// A certificate has no lease, but is reused until two-thirds of its validity; its token's expiry does not end
    /// that.
    func testACertificateIsReusedUntilTwoThirdsOfItsValidity() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.enable(.pki(ttlSeconds: 3 * 3600), at: "pki")
        let objects = """
            - {objectName: tls.crt, secretPath: pki/issue/web, method: PUT, secretArgs: {common_name: r.example.com},
               secretKey: certificate}
            - {objectName: tls.key, secretPath: pki/issue/web, method: PUT, secretArgs: {common_name: r.example.com},
               secretKey: private_key}
            """
        let first = try await fixture.mount(objects)
        fixture.clock.advance(by: .seconds(110 * 60))
        let reused = try await fixture.mount(objects)
        XCTAssertEqual(
            reused.text("tls.crt"), first.text("tls.crt"), "the token (an hour) expired, the certificate still serves")
        XCTAssertEqual(reused.text("tls.key"), first.text("tls.key"))
        fixture.clock.advance(by: .seconds(11 * 60))
        let renewed = try await fixture.mount(objects)
        XCTAssertNotEqual(renewed.text("tls.crt"), first.text("tls.crt"))
        let issued = await fixture.vault.count("PUT", "/v1/pki/issue/web")
        XCTAssertEqual(issued, 2)
    }

    /// A lease dies with the token that obtained it, so its reuse ends when that token is replaced.
    func testReuseEndsWithTheTokenThatObtainedTheLease() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.addRole("app", VaultRole(boundServiceAccounts: ["default/app-sa"], ttl: 600))
        await fixture.vault.enable(.database(leaseSeconds: 86_400, maxLeaseSeconds: 86_400), at: "database")
        let first = try await fixture.mount(Self.objects)
        fixture.clock.advance(by: .seconds(11 * 60))
        let second = try await fixture.mount(Self.objects)
        XCTAssertNotEqual(
            second.text("db-user"), first.text("db-user"), "the first token expired, and its lease with it")
        let leases = await fixture.vault.issuedLeases
        XCTAssertEqual(leases.map(\.alive), [false, true])
    }
}

import Foundation
import InMemoryVault
import ProviderValues
import VaultContract
import XCTest

/// The in-memory Vault's own contract, as the real one behaves: tokens and leases expire, renew up to their maximum,
/// and die with revocation; a lease dies with its token.
final class InMemoryVaultTimeTests: XCTestCase {
    /// A deadline a minute from now (computed: XCTest builds every test case object before running any).
    var far: ContinuousClock.Instant { .now + .seconds(60) }

    func loggedIn(_ vault: InMemoryVault, role: VaultRole) async throws -> VaultToken {
        await vault.addRole("app", role)
        return try await vault.login(
            mountPath: "kubernetes", role: "app", jwt: InMemoryVault.serviceAccountJWT(), namespace: nil, deadline: far)
    }

    func send(_ vault: InMemoryVault, _ method: String, _ path: String, token: String, body: String? = nil) async throws
        -> JSONValue?
    {
        let response = try await vault.send(
            VaultRequest(method: method, path: path, body: body), token: token, namespace: nil, deadline: far)
        return response.body.isEmpty ? nil : try JSONValue(parsing: response.body)
    }

    func testATokenRenewsUpToItsMaximumAndEndsWithRevocation() async throws {
        let vault = InMemoryVault()
        let token = try await loggedIn(vault, role: VaultRole(ttl: 60, maxTTL: 100))
        XCTAssertEqual(token.leaseDuration, 60)
        XCTAssertTrue(token.renewable)
        vault.clock.advance(by: .seconds(50))
        let renewed = try await send(
            vault, "POST", "/v1/auth/token/renew-self", token: token.clientToken, body: #"{"increment":"60s"}"#)
        XCTAssertEqual(renewed?["auth"]?["lease_duration"], .number("50"), "capped by max_ttl: 100 - 50")
        vault.clock.advance(by: .seconds(49))
        var state = await vault.tokenState(token.clientToken)
        XCTAssertEqual(state?.secondsLeft, 1)
        XCTAssertEqual(state?.revoked, false)
        XCTAssertEqual(state?.renewals, 1)
        _ = try await send(vault, "POST", "/v1/auth/token/revoke-self", token: token.clientToken)
        state = await vault.tokenState(token.clientToken)
        XCTAssertEqual(state?.revoked, true)
        do {
            _ = try await send(vault, "GET", "/v1/auth/token/lookup-self", token: token.clientToken)
            XCTFail("a revoked token is refused")
        } catch VaultError.http(_, _, let status, _) {
            XCTAssertEqual(status, 403)
        }
    }

    func testAnExpiredTokenIsRefused() async throws {
        let vault = InMemoryVault()
        await vault.enable(.kv2, at: "secret")
        await vault.write("secret/app", ["k": "v"])
        let token = try await loggedIn(vault, role: VaultRole(ttl: 60))
        _ = try await send(vault, "GET", "/v1/secret/data/app", token: token.clientToken)
        vault.clock.advance(by: .seconds(61))
        do {
            _ = try await send(vault, "GET", "/v1/secret/data/app", token: token.clientToken)
            XCTFail("an expired token is refused")
        } catch VaultError.http(_, _, let status, _) {
            XCTAssertEqual(status, 403)
        }
    }

    func testLeasesRenewRevokeAndDieWithTheirToken() async throws {
        let vault = InMemoryVault()
        await vault.enable(.database(leaseSeconds: 60, maxLeaseSeconds: 90), at: "database")
        let token = try await loggedIn(vault, role: VaultRole(ttl: 3600))
        let first = try await send(vault, "GET", "/v1/database/creds/app", token: token.clientToken)
        let second = try await send(vault, "GET", "/v1/database/creds/app", token: token.clientToken)
        let firstID = try XCTUnwrap(first?["lease_id"]?.stringValue)
        let secondID = try XCTUnwrap(second?["lease_id"]?.stringValue)
        XCTAssertNotEqual(first?["data"]?["username"], second?["data"]?["username"])
        vault.clock.advance(by: .seconds(50))
        let renewed = try await send(
            vault, "PUT", "/v1/sys/leases/renew", token: token.clientToken,
            body: #"{"lease_id":"\#(firstID)","increment":3600}"#)
        XCTAssertEqual(renewed?["lease_duration"], .number("40"), "capped by the maximum: 90 - 50")
        _ = try await send(
            vault, "PUT", "/v1/sys/leases/revoke", token: token.clientToken, body: #"{"lease_id":"\#(secondID)"}"#)
        var leases = await vault.issuedLeases
        XCTAssertEqual(leases.map(\.id), [firstID, secondID])
        XCTAssertEqual(leases.map(\.alive), [true, false])
        XCTAssertEqual(leases.map(\.revoked), [false, true])
        XCTAssertEqual(leases.map(\.renewals), [1, 0])
        await vault.revokeAllTokens()
        leases = await vault.issuedLeases
        XCTAssertEqual(leases.map(\.alive), [false, false])
    }
}

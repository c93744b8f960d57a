import InMemoryVault
import SecretsProvider
import XCTest

/// Vault tokens reused across mounts, refreshed by their lease, and replaced once when Vault refuses them.
final class TokenCachePipelineTests: XCTestCase {
    static let objects = "- {objectName: user, secretPath: secret/data/app, secretKey: user}"

    func fixture(cacheSize: Int = 1000) async -> PipelineFixture {
        let fixture = await PipelineFixture(cacheSize: cacheSize)
        await fixture.vault.write("secret/app", ["user": "alice"])
        return fixture
    }

    func testRemountsOfOnePodReuseTheTokenAndAnotherPodLogsIn() async throws {
        let fixture = await fixture()
        for _ in 0..<3 { _ = try await fixture.mount(Self.objects) }
        var logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 1)
        _ = try await fixture.mount(Self.objects, pod: "pod-2")
        logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 2, "a token never serves another pod")
    }

    func testATokenIsReplacedWhenLessThanAThirdOfItsLeaseIsLeft() async throws {
        let fixture = await fixture()
        _ = try await fixture.mount(Self.objects)
        // The role's tokens live an hour: reused until 40 minutes, then a fresh login.
        fixture.clock.advance(by: .seconds(39 * 60))
        _ = try await fixture.mount(Self.objects)
        var logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 1)
        fixture.clock.advance(by: .seconds(2 * 60))
        _ = try await fixture.mount(Self.objects)
        logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 2)
    }

    func testCacheSizeZeroLogsInEveryTime() async throws {
        let fixture = await fixture(cacheSize: 0)
        _ = try await fixture.mount(Self.objects)
        _ = try await fixture.mount(Self.objects)
        let logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 2)
    }

    func testConcurrentMountsOfOnePodShareOneLogin() async throws {
        let fixture = await fixture()
        await fixture.vault.inject(.delay(.milliseconds(100)), pathPrefix: "/v1/auth/")
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await fixture.mount(Self.objects).files.count } }
            for try await files in group { XCTAssertEqual(files, 1) }
        }
        let logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 1)
    }

    func testARevokedCachedTokenCausesOneFreshLoginAndOneRetry() async throws {
        let fixture = await fixture()
        _ = try await fixture.mount(Self.objects)
        await fixture.vault.revokeAllTokens()
        let result = try await fixture.mount(Self.objects)
        XCTAssertEqual(result.text("user"), "alice")
        let logins = await fixture.vault.loginCount
        let reads = await fixture.vault.count("GET", "/v1/secret/data/app")
        XCTAssertEqual(logins, 2)
        XCTAssertEqual(reads, 3, "the first read, the refused one, and its retry")
        _ = try await fixture.mount(Self.objects)
        let again = await fixture.vault.loginCount
        XCTAssertEqual(again, 2, "the fresh token is cached again")
    }

    func testAFreshTokenRefusedIsNotRetried() async throws {
        let fixture = await fixture()
        await fixture.vault.inject(.status(403, errors: ["permission denied"]), pathPrefix: "/v1/secret/")
        do {
            _ = try await fixture.mount(Self.objects)
            XCTFail("a refusal of a fresh token is final")
        } catch let error as MountError {
            XCTAssertEqual(error.code, .permissionDenied)
            XCTAssertTrue(
                error.message.hasPrefix(#"couldn't read secret "user": Error making API request."#), error.message)
        }
        let logins = await fixture.vault.loginCount
        XCTAssertEqual(logins, 1)
    }

    func testARoleThatDoesNotBindTheAccountIsRefusedAtLogin() async throws {
        let fixture = await fixture()
        do {
            _ = try await fixture.mount(Self.objects, serviceAccount: "intruder")
            XCTFail("intruder is not bound to the role")
        } catch let error as MountError {
            XCTAssertEqual(error.code, .permissionDenied)
            XCTAssertTrue(error.message.contains("failed to login"), error.message)
            XCTAssertTrue(error.message.contains("service account name not authorized"), error.message)
        }
    }
}

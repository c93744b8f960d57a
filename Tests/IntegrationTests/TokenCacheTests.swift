import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import SecretsProvider
import XCTest

/// Vault token reuse across mounts, counted as logins (each Kubernetes-auth login is one TokenReview at the stand-in).
final class TokenCacheTests: ProviderTestCase {
    var logins: Int { environment.kubernetes.tokenReviewCount }

    func startProvider(cacheSize: Int) async throws -> ProviderHarness {
        let address = environment.bao.address
        return try await ProviderHarness { ProviderSettings(vault: VaultSettings(address: address), kubeletDirectory: $0, cacheSize: cacheSize) }
    }

    /// Mounts the app objects for the demo pod (or another uid); returns the number of files.
    func mount(pod uid: String? = nil) async throws -> Int {
        var parameters = try JSONSerialization.jsonObject(with: Data(attributes(Self.appObjects).utf8)) as! [String: String]
        if let uid { parameters[AttributeKeys.podUID] = uid }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        let response = try await provider.driver.mount(attributes: json, targetPath: try provider.targetPath(podUID: uid ?? environment.pod.uid, create: false))
        return response.files.count
    }

    func testRemountsOfOnePodReuseTheToken() async throws {
        for _ in 0..<3 {
            let files = try await mount()
            XCTAssertEqual(files, 2)
        }
        XCTAssertEqual(logins, 1)
        _ = try await mount(pod: "another-pod-uid")
        XCTAssertEqual(logins, 2, "a token never serves another pod")
    }

    func testCacheSizeZeroLogsInEveryTime() async throws {
        await provider.stop()
        provider = try await startProvider(cacheSize: 0)
        _ = try await mount()
        _ = try await mount()
        XCTAssertEqual(logins, 2)
    }

    func testConcurrentMountsOfOnePodShareOneLogin() async throws {
        let attributes = attributes(Self.appObjects)
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let driver = provider.driver
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await driver.mount(attributes: attributes, targetPath: target).files.count } }
            for try await files in group { XCTAssertEqual(files, 2) }
        }
        XCTAssertEqual(logins, 1)
    }

    func testARevokedCachedTokenCausesOneFreshLogin() async throws {
        _ = try await mount()
        XCTAssertEqual(logins, 1)
        // Revoke every token issued by the Kubernetes auth method, as an operator or a policy change would.
        try await environment.bao.admin("PUT", "/v1/sys/leases/revoke-prefix/auth/kubernetes/login")
        let files = try await mount()
        XCTAssertEqual(files, 2)
        XCTAssertEqual(logins, 2)
        _ = try await mount()
        XCTAssertEqual(logins, 2, "the fresh token is cached again")
    }
}

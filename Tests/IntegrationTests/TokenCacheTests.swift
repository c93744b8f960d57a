import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import SecretsProvider
import XCTest

/// Vault token reuse across mounts, counted as logins (each Kubernetes-auth login is one TokenReview at the stand-in).
/// The cache's logic (size 0, shared concurrent logins, lease-based refresh) is tested on the in-memory Vault, in
/// PipelineTests/TokenCachePipelineTests.swift.
final class TokenCacheTests: ProviderTestCase {
    var logins: Int { environment.kubernetes.tokenReviewCount }

    func startProvider(cacheSize: Int) async throws -> ProviderHarness {
        let address = environment.bao.address
        return try await ProviderHarness {
            ProviderSettings(vault: VaultSettings(address: address), kubeletDirectory: $0, cacheSize: cacheSize)
        }
    }

    /// Mounts the app objects for the demo pod (or another uid); returns the number of files.
    func mount(pod uid: String? = nil) async throws -> Int {
        var parameters =
            try JSONSerialization.jsonObject(with: Data(attributes(Self.appObjects).utf8)) as! [String: String]
        if let uid { parameters[AttributeKeys.podUID] = uid }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        let response = try await provider.driver.mount(
            attributes: json, targetPath: try provider.targetPath(podUID: uid ?? environment.pod.uid, create: false))
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

    /// Same pod name and uid, another service account or namespace: the cached token is not used; the fresh login
    /// as that identity is refused by the role, which is bound to app-sa in default.
    func testACachedTokenNeverServesAnotherAccountOrNamespaceWithTheSameUID() async throws {
        // Login requests as OpenBao's audit log shows them: the role refuses these before any TokenReview.
        func loginRequests() -> Int {
            environment.bao.auditedRequests().filter { $0.operation == "update" && $0.path == "auth/kubernetes/login" }
                .count
        }
        _ = try await mount()
        XCTAssertEqual(loginRequests(), 1)
        let pod = environment.pod
        for (namespace, serviceAccount) in [(pod.namespace, "intruder"), ("other", pod.serviceAccount)] {
            var parameters =
                try JSONSerialization.jsonObject(with: Data(attributes(Self.appObjects).utf8)) as! [String: String]
            parameters[AttributeKeys.podNamespace] = namespace
            parameters[AttributeKeys.serviceAccountName] = serviceAccount
            let token = environment.kubernetes.mintServiceAccountToken(
                namespace: namespace, serviceAccount: serviceAccount, podName: pod.name, podUID: pod.uid,
                audiences: ["vault"])
            let tokens = try JSONSerialization.data(withJSONObject: [
                "vault": ["token": token, "expirationTimestamp": "2099-01-01T00:00:00Z"]
            ])
            parameters[AttributeKeys.serviceAccountTokens] = String(decoding: tokens, as: UTF8.self)
            let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
            let before = loginRequests()
            do {
                _ = try await provider.driver.mount(
                    attributes: json, targetPath: try provider.targetPath(podUID: pod.uid, create: false))
                XCTFail("\(namespace)/\(serviceAccount) got the secrets of \(pod.namespace)/\(pod.serviceAccount)")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .permissionDenied, "\(namespace)/\(serviceAccount): \(error.message)")
            }
            XCTAssertEqual(loginRequests(), before + 1, "\(namespace)/\(serviceAccount) logged in as itself")
        }
        // The original pod still uses its own cached token.
        _ = try await mount()
        XCTAssertEqual(loginRequests(), 3)
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

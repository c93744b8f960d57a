import Foundation
import KubernetesClient
import Logging
import ProviderTestSupport
import ProxyEnvironment
import XCTest

final class KubernetesAPIClientTests: XCTestCase {
    private var standIn: KubernetesStandIn!

    override func setUp() async throws {
        standIn = try await KubernetesStandIn.start()
    }

    override func tearDown() async throws {
        await standIn.stop()
    }

    private var deadline: ContinuousClock.Instant { .now + .seconds(10) }

    /// Runs `body` with a client for the stand-in, shutting it down afterwards.
    private func withClient(
        _ credentials: KubernetesConfig.Credentials = .token("test-token"),
        _ body: (KubernetesAPIClient) async throws -> Void
    ) async throws {
        let client = try KubernetesAPIClient(
            config: KubernetesConfig(server: standIn.url, credentials: credentials, namespace: "csi"),
            logger: Logger(label: "test"))
        do {
            try await body(client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    /// As client-go does: the API server under a name only the proxy resolves is reached through `HTTP_PROXY`.
    func testTheProxyVariablesAreHonoured() async throws {
        let proxy = try await ConnectProxy.start(resolving: ["kubernetes.test": "127.0.0.1"])
        let port = standIn.url.split(separator: ":").last!
        let client = try KubernetesAPIClient(
            config: KubernetesConfig(
                server: "http://kubernetes.test:\(port)", credentials: .token("test-token"), namespace: "csi"),
            proxies: try ProxySettings(environment: ["HTTP_PROXY": proxy.url]), logger: Logger(label: "test"))
        let token = try await client.requestServiceAccountToken(
            namespace: "app", serviceAccount: "web", audiences: ["vault"], expirationSeconds: 900, boundPod: nil,
            deadline: deadline)
        XCTAssertFalse(token.isEmpty)
        XCTAssertEqual(proxy.tunnels, ["kubernetes.test:\(port)"])
        await client.shutdown()
        await proxy.stop()
    }

    func testTokenRequestBindsAudienceAndPod() async throws {
        try await withClient { client in
            let token = try await client.requestServiceAccountToken(
                namespace: "app", serviceAccount: "web", audiences: ["vault"], expirationSeconds: 900,
                boundPod: BoundPod(name: "web-0", uid: "1234-abcd"), deadline: deadline)
            let parts = token.split(separator: ".")
            XCTAssertEqual(parts.count, 3)
            let claims = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: try XCTUnwrap(Self.base64URL(parts[1]))) as? [String: Any])
            XCTAssertEqual(claims["aud"] as? [String], ["vault"])
            let kubernetes = try XCTUnwrap(claims["kubernetes.io"] as? [String: Any])
            XCTAssertEqual(kubernetes["namespace"] as? String, "app")
            let pod = try XCTUnwrap(kubernetes["pod"] as? [String: Any])
            XCTAssertEqual(pod["name"] as? String, "web-0")
            XCTAssertEqual(pod["uid"] as? String, "1234-abcd")
            XCTAssertEqual(standIn.tokenRequestCount, 1)
        }
    }

    func testSecretsGetCreateConflict() async throws {
        try await withClient { client in
            let nothing = try await client.getSecret(namespace: "csi", name: "hmac-key", deadline: deadline)
            XCTAssertNil(nothing)
            let key: [UInt8] = (0..<32).map { UInt8($0 * 7 % 256) }
            let created = try await client.createSecret(
                namespace: "csi", name: "hmac-key", data: ["key": key], immutable: true, deadline: deadline)
            XCTAssertTrue(created)
            let again = try await client.createSecret(
                namespace: "csi", name: "hmac-key", data: ["key": [1]], immutable: true, deadline: deadline)
            XCTAssertFalse(again)
            let data = try await client.getSecret(namespace: "csi", name: "hmac-key", deadline: deadline)
            XCTAssertEqual(data, ["key": key])
            let stored = try XCTUnwrap(
                try JSONSerialization.jsonObject(
                    with: try XCTUnwrap(standIn.secret(namespace: "csi", name: "hmac-key"))) as? [String: Any])
            XCTAssertEqual(stored["immutable"] as? Bool, true)
            XCTAssertEqual(stored["type"] as? String, "Opaque")
        }
    }

    func testWithoutCredentialsTheStatusIsReported() async throws {
        try await withClient(.none) { client in
            do {
                _ = try await client.getSecret(namespace: "csi", name: "x", deadline: deadline)
                XCTFail("expected 401")
            } catch KubernetesError.status(let code, let reason, let message) {
                XCTAssertEqual(code, 401)
                XCTAssertEqual(reason, "Unauthorized")
                XCTAssertEqual(message, "Unauthorized")
            }
        }
    }

    func testTokenFileIsReadAgainForEachRequest() async throws {
        let folder = try TemporaryDirectory()
        let tokenPath = try folder.write("token", "first\n")
        try await withClient(.tokenFile(tokenPath)) { client in
            _ = try await client.getSecret(namespace: "csi", name: "x", deadline: deadline)
            try folder.write("token", "")
            do {
                _ = try await client.getSecret(namespace: "csi", name: "x", deadline: deadline)
                XCTFail("an empty token file must be noticed")
            } catch KubernetesError.invalidConfiguration(let message) {
                XCTAssertTrue(message.contains(tokenPath), message)
            }
            try folder.write("token", "rotated")
            _ = try await client.getSecret(namespace: "csi", name: "x", deadline: deadline)
        }
    }

    func testNamesThatWouldChangeThePathAreRefused() async throws {
        try await withClient { client in
            for (namespace, name) in [
                ("csi", "a/b"), ("../kube-system", "x"), ("csi", ".."), ("csi", "A"), ("csi", "a%2Fb"),
            ] {
                do {
                    _ = try await client.getSecret(namespace: namespace, name: name, deadline: deadline)
                    XCTFail("\(namespace)/\(name) accepted")
                } catch KubernetesError.invalidConfiguration(let message) {
                    XCTAssertTrue(message.contains("not a valid Kubernetes name"), message)
                }
            }
        }
    }

    func testPassedDeadlineCancellationAndUnreachableServer() async throws {
        try await withClient { client in
            do {
                _ = try await client.getSecret(namespace: "csi", name: "x", deadline: .now - .seconds(1))
                XCTFail("expected a deadline error")
            } catch KubernetesError.unreachable(let message) {
                XCTAssertTrue(message.contains("deadline"), message)
            }
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.getSecret(namespace: "csi", name: "x", deadline: .now + .seconds(10))
            }
            do {
                _ = try await cancelled.value
                XCTFail("expected cancellation")
            } catch is CancellationError {}
            await standIn.stop()
            do {
                _ = try await client.getSecret(namespace: "csi", name: "x", deadline: deadline)
                XCTFail("expected unreachable")
            } catch KubernetesError.unreachable(let message) {
                XCTAssertTrue(message.contains(standIn.url), message)
            }
        }
    }

    /// A node's pod list is read in pages (`limit`, `continue`), never in one answer that could pass the response
    /// limit.
    func testThePodListIsReadInPages() async throws {
        for index in 0..<1200 { standIn.addPod(name: "p\(index)", uid: "uid-\(index)", node: "big-node") }
        standIn.addPod(name: "elsewhere", uid: "uid-other", node: "other-node")
        try await withClient { client in
            let listsBefore = standIn.podLists
            let (pods, version) = try await client.listPods(node: "big-node", pageSize: 500, deadline: deadline)
            XCTAssertEqual(pods.count, 1200)
            XCTAssertEqual(Set(pods.map(\.uid)).count, 1200, "no pod twice, none missing")
            XCTAssertFalse(version.isEmpty)
            XCTAssertEqual(standIn.podLists - listsBefore, 3, "three pages of at most 500")
        }
    }

    /// A watch line that never ends once grew the buffer without bound; it ends the watch at the response limit.
    func testAWatchLineLongerThanTheResponseLimitEndsTheWatch() async throws {
        try await withClient { client in
            let events = client.watchPods(node: "node-1", resourceVersion: "0")
            let outcome = Task {
                do {
                    for try await _ in events {}
                    return "ended without an error"
                } catch {
                    return "\(error)"
                }
            }
            let started = ContinuousClock.now
            while standIn.podWatches == 0, started.duration(to: .now) < .seconds(10) {
                try await Task.sleep(for: .milliseconds(10))
            }
            standIn.sendUnendingPodWatchLine(bytes: 9 << 20)
            let guardTask = Task {
                try await Task.sleep(for: .seconds(20))
                outcome.cancel()
            }
            let message = await outcome.value
            guardTask.cancel()
            XCTAssertTrue(message.contains("a watch event longer than 8388608 bytes"), message)
        }
    }

    func testErrorDescriptions() {
        XCTAssertEqual(
            "\(KubernetesError.status(code: 403, reason: "Forbidden", message: "serviceaccounts \"x\" is forbidden"))",
            "Kubernetes API refused (403 Forbidden): serviceaccounts \"x\" is forbidden")
        XCTAssertEqual(
            "\(KubernetesError.status(code: 502, reason: "Bad Gateway", message: ""))",
            "Kubernetes API refused (502 Bad Gateway)")
        XCTAssertEqual(KubernetesError.status(code: 404, reason: "NotFound", message: "").statusCode, 404)
    }

    func testServerMustBeAnHTTPURL() {
        XCTAssertThrowsError(
            try KubernetesAPIClient(config: KubernetesConfig(server: "k8s.example:6443"), logger: Logger(label: "test"))
        )
    }

    private static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

import Foundation
import ProviderTestSupport
import XCTest

/// The Vault Agent's guarantees through the real binary: it watches its node's pods on the Kubernetes stand-in,
/// renews leases against the real OpenBao, and revokes a deleted pod's tokens, which drops its PostgreSQL user.
final class PodLifecycleTests: ProviderTestCase {
    var postgres: PostgresServer!
    var work: String!
    static let node = "node-a"
    static let objects = """
        - {objectName: db-user, secretPath: database/creds/app, secretKey: username}
        - {objectName: db-pass, secretPath: database/creds/app, secretKey: password}
        """

    override func setUp() async throws {
        try await super.setUp()
        work =
            FileManager.default.temporaryDirectory.appendingPathComponent("lifecycle-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try environment.kubernetes.kubeconfig().write(toFile: work + "/kubeconfig", atomically: true, encoding: .utf8)
        postgres = try await startDatabaseCredentials()
    }

    override func tearDown() async throws {
        try await super.tearDown()
        postgres?.stop()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    /// The binary, watching `node-a`'s pods, and a driver connection to it; both are stopped at tear-down.
    func startWatchingProvider(_ extra: [String] = []) async throws -> (ProviderProcess, DriverClient) {
        let process = try await ProviderProcess.start(
            executable: ProviderBinary.path, socketPath: work + "/vault.sock",
            arguments: [
                "-kubelet-dir=\(work!)/kubelet", "-write-mode=driver", "-vault-addr=\(environment.bao.address)",
                "-kubeconfig=\(work!)/kubeconfig", "-log-level=debug",
            ] + extra,
            logPath: work + "/provider.log", environment: ["NODE_NAME": Self.node])
        addTeardownBlock { _ = await process.stop() }
        try await waitFor("the pod watch") { self.environment.kubernetes.podWatches >= 1 }
        let driver = try DriverClient(socketPath: process.socketPath)
        addTeardownBlock { await driver.close() }
        return (process, driver)
    }

    /// Mounts the database objects for pod `uid` (named `app-<uid>`), with the class's `parameters` and the volume's
    /// `secrets`; returns (username, password).
    func credentials(
        _ driver: DriverClient, pod uid: String, parameters: [String: String] = [:], secrets: [String: String] = [:]
    ) async throws -> (user: String, password: String) {
        let attributes = environment.attributes(
            parameters: ["roleName": environment.role, "objects": Self.objects].merging(parameters) { $1 },
            podName: "app-\(uid)", podUID: uid)
        let response = try await driver.mount(
            attributes: attributes, secrets: JSONText.string(secrets),
            targetPath: "\(work!)/kubelet/pods/\(uid)/volumes/v/mount")
        let text = { (name: String) in
            String(decoding: response.files.first { $0.path == name }?.contents ?? Data(), as: UTF8.self)
        }
        return (text("db-user"), text("db-pass"))
    }

    func canLogIn(_ credentials: (user: String, password: String)) -> Bool {
        (try? postgres.psql("select 1", user: credentials.user, password: credentials.password)) != nil
    }

    func waitFor(_ what: String, within limit: Duration = .seconds(10), _ condition: @escaping () async throws -> Bool)
        async throws
    {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTFail("\(what) did not happen within \(limit)")
    }

    var revokeSelfCalls: Int { environment.bao.auditedRequests().filter { $0.path == "auth/token/revoke-self" }.count }

    var renewals: Int {
        environment.bao.auditedRequests().filter { $0.operation == "update" && $0.path == "sys/leases/renew" }.count
    }

    func testLeasesAreRenewedWhileThePodRunsAndReplacedBeforeTheirMaxTTL() async throws {
        try await environment.bao.admin(
            "POST", "/v1/database/roles/app",
            body: """
                {"db_name":"postgres","default_ttl":"6s","max_ttl":"16s",
                 "creation_statements":["CREATE ROLE \\"{{name}}\\" WITH LOGIN \
                PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"]}
                """)
        environment.kubernetes.addPod(name: "app-pod-1", uid: "pod-1", node: Self.node, serviceAccount: "app-sa")
        let (provider, driver) = try await startWatchingProvider()
        let issued = ContinuousClock.now
        let first = try await credentials(driver, pod: "pod-1")
        // Past two-thirds of the 6 s default TTL: the same user, renewed.
        try await Task.sleep(for: .seconds(5))
        let later = try await credentials(driver, pod: "pod-1")
        XCTAssertEqual(later.user, first.user)
        XCTAssertGreaterThanOrEqual(renewals, 1)
        XCTAssertTrue(canLogIn(first), "the renewed user still logs in")
        // Near the 16 s max TTL, a new user comes, before the old one expires.
        var replaced: (user: String, password: String)?
        var askedAt = issued
        while replaced == nil, issued.duration(to: .now) < .seconds(18) {
            try await Task.sleep(for: .milliseconds(300))
            askedAt = .now
            let now = try await credentials(driver, pod: "pod-1")
            if now.user != first.user { replaced = now }
        }
        XCTAssertNotNil(replaced, "a new user before the first one's max TTL")
        // The first lease was issued after `issued`: a Mount asked before `issued` + 16 s ran before it expired.
        XCTAssertLessThan(
            issued.duration(to: askedAt), .seconds(16),
            "replaced before the first user expired: "
                + provider.logContents.split(separator: "\n").filter { $0.contains("renewed") || $0.contains("creds") }
                .joined(separator: " | "))
        if let replaced { XCTAssertTrue(canLogIn(replaced)) }
    }

    /// `-lease-renew-fraction` and `-token-renew-fraction` through the binary: at 5/6, a 6 s lease and a 6 s token are
    /// first renewed 4.4 s to 5 s after they were obtained (the defaults would renew them by 4 s and by 3 s).
    func testTheRenewFractionFlagsSetWhenLeasesAndTokensAreRenewed() async throws {
        try await environment.bao.admin(
            "POST", "/v1/database/roles/app",
            body: """
                {"db_name":"postgres","default_ttl":"6s","max_ttl":"60s",
                 "creation_statements":["CREATE ROLE \\"{{name}}\\" WITH LOGIN \
                PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"]}
                """)
        try await VaultTestSetup.createKubernetesRole(
            environment.bao, name: environment.role, serviceAccounts: ["app-sa"],
            namespaces: [environment.pod.namespace], policies: ["app"], ttl: "6s")
        environment.kubernetes.addPod(name: "app-pod-1", uid: "pod-1", node: Self.node, serviceAccount: "app-sa")
        let (_, driver) = try await startWatchingProvider(["-lease-renew-fraction=5/6", "-token-renew-fraction=5/6"])
        let user = try await credentials(driver, pod: "pod-1")
        let bao = environment.bao
        try await waitFor("a lease renewal and a token renewal", within: .seconds(8)) {
            !bao.auditedTimes("sys/leases/renew").isEmpty && !bao.auditedTimes("auth/token/renew-self").isEmpty
        }
        let read = try XCTUnwrap(bao.auditedTimes("database/creds/app").first)
        let leaseRenewed = try XCTUnwrap(bao.auditedTimes("sys/leases/renew").first)
        let login = try XCTUnwrap(bao.auditedTimes("auth/kubernetes/login").first)
        let tokenRenewed = try XCTUnwrap(bao.auditedTimes("auth/token/renew-self").first)
        XCTAssertGreaterThanOrEqual(leaseRenewed - read, 4.35, "not before 5/6 of the lease, less its jitter")
        XCTAssertLessThan(leaseRenewed - read, 6, "before the lease ended")
        XCTAssertGreaterThanOrEqual(tokenRenewed - login, 4.35, "not before 5/6 of the token's TTL, less its jitter")
        XCTAssertTrue(canLogIn(user), "the renewed user still logs in")
    }

    func testADeletedPodsUserIsDroppedAndNoOtherPodIsTouched() async throws {
        for uid in ["pod-1", "pod-2"] {
            environment.kubernetes.addPod(name: "app-\(uid)", uid: uid, node: Self.node, serviceAccount: "app-sa")
        }
        let (provider, driver) = try await startWatchingProvider()
        let gone = try await credentials(driver, pod: "pod-1")
        let kept = try await credentials(driver, pod: "pod-2")
        XCTAssertTrue(canLogIn(gone))
        environment.kubernetes.deletePod(uid: "pod-1")
        try await waitFor("the deleted pod's user dropped") { !self.canLogIn(gone) }
        XCTAssertTrue(canLogIn(kept), "another pod's user is untouched")
        let metrics = try await PlainHTTP.get("http://127.0.0.1:\(try await provider.healthPort())/metrics").body
        XCTAssertEqual(
            OperationsTests.value(metrics, "vault_csi_provider_revocations_total", ["result": "ok"]), 1, metrics)
    }

    /// A token from the volume's nodePublishSecretRef (approle) is the pod's own, like a Kubernetes login's: two pods
    /// with the same Secret log in once each, their tokens are renewed while the pods run, and deleting one revokes
    /// its token (its user dropped), not the other's.
    func testAnAppRoleTokenIsThePodsRenewedAndRevokedWithIt() async throws {
        let (roleID, secretID) = try await VaultTestSetup.enableAppRole(
            environment.bao, name: "csi", policies: ["app"], tokenTTL: "4s")
        let approle = (parameters: ["vaultAuthMethod": "approle"], secrets: ["role_id": roleID, "secret_id": secretID])
        for uid in ["pod-1", "pod-2"] {
            environment.kubernetes.addPod(name: "app-\(uid)", uid: uid, node: Self.node, serviceAccount: "app-sa")
        }
        let (_, driver) = try await startWatchingProvider(["-allow-node-publish-secret-auth"])
        let gone = try await credentials(driver, pod: "pod-1", parameters: approle.parameters, secrets: approle.secrets)
        let kept = try await credentials(driver, pod: "pod-2", parameters: approle.parameters, secrets: approle.secrets)
        let logins = environment.bao.auditedRequests().filter { $0.path == "auth/approle/login" }.count
        XCTAssertEqual(logins, 2, "a token per pod, even with the same credentials")
        let bao = environment.bao
        try await waitFor("both tokens renewed (half of 4 s)", within: .seconds(4)) {
            bao.auditedTimes("auth/token/renew-self").count >= 2
        }
        XCTAssertTrue(canLogIn(gone))
        environment.kubernetes.deletePod(uid: "pod-1")
        try await waitFor("the deleted pod's user dropped") { !self.canLogIn(gone) }
        XCTAssertTrue(canLogIn(kept), "the other pod's token and user are untouched")
    }

    func testWithRevocationOffADeletedPodsUserLives() async throws {
        environment.kubernetes.addPod(name: "app-pod-1", uid: "pod-1", node: Self.node, serviceAccount: "app-sa")
        let (_, driver) = try await startWatchingProvider(["-revoke-on-pod-delete=false"])
        let user = try await credentials(driver, pod: "pod-1")
        // OpenBao's dev mode revokes its own initial root token: count from here.
        let revokesBefore = revokeSelfCalls
        environment.kubernetes.deletePod(uid: "pod-1")
        try await Task.sleep(for: .seconds(2))
        XCTAssertTrue(canLogIn(user))
        XCTAssertEqual(revokeSelfCalls, revokesBefore, "no token revoked")
    }

    /// A watch stream closed mid-way, and a watch expired with 410 Gone: neither loses a deletion.
    func testABrokenOrExpiredWatchMissesNoDeletion() async throws {
        for uid in ["pod-1", "pod-2", "pod-3"] {
            environment.kubernetes.addPod(name: "app-\(uid)", uid: uid, node: Self.node, serviceAccount: "app-sa")
        }
        let (_, driver) = try await startWatchingProvider()
        let first = try await credentials(driver, pod: "pod-1")
        let second = try await credentials(driver, pod: "pod-2")
        let third = try await credentials(driver, pod: "pod-3")

        environment.kubernetes.breakPodWatches()
        environment.kubernetes.deletePod(uid: "pod-1")
        try await waitFor("pod-1's user dropped after a broken watch") { !self.canLogIn(first) }

        let lists = environment.kubernetes.podLists
        try await waitFor("a new watch") { self.environment.kubernetes.podWatches >= 2 }
        environment.kubernetes.expirePodWatches()
        environment.kubernetes.deletePod(uid: "pod-2")
        try await waitFor("pod-2's user dropped after 410 Gone") { !self.canLogIn(second) }
        XCTAssertGreaterThan(environment.kubernetes.podLists, lists, "410 Gone makes the provider list again")
        XCTAssertTrue(canLogIn(third), "pod-3 lives")
    }
}

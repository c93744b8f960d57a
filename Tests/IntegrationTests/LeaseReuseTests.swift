import Foundation
import ProviderConfiguration
import ProviderTestSupport
import XCTest

/// Dynamic credentials are reused across remounts of the same pod and volume until two-thirds of their lease,
/// instead of being issued again on every rotation poll. Counted in OpenBao's audit log, against a real PostgreSQL.
final class LeaseReuseTests: ProviderTestCase {
    var postgres: PostgresServer!

    static let objects = """
        - {objectName: db-user, secretPath: database/creds/app, secretKey: username}
        - {objectName: db-pass, secretPath: database/creds/app, secretKey: password}
        """

    override func setUp() async throws {
        try await super.setUp()
        try await VaultTestSetup.writePolicy(environment.bao, name: "app", hcl: #"path "database/creds/*" { capabilities = ["read"] }"#)
        postgres = try await PostgresServer.start()
        try await VaultTestSetup.enablePostgresCredentials(environment.bao, postgres: postgres)
    }

    override func tearDown() async throws {
        try await super.tearDown()
        postgres?.stop()
    }

    var issued: Int {
        environment.bao.auditedRequests().filter { $0.operation == "read" && $0.path == "database/creds/app" }.count
    }

    /// Mounts for `uid` into `volume` with a fresh token, as the driver's republish does; returns the username.
    func mount(uid: String? = nil, volume: String = "secrets", _ extra: [String: String] = [:]) async throws -> String {
        try await credentials(uid: uid, volume: volume, extra).username
    }

    /// The same, returning both files.
    func credentials(uid: String? = nil, volume: String = "secrets", _ extra: [String: String] = [:]) async throws
        -> (username: String, password: String) {
        var parameters = try JSONSerialization.jsonObject(with: Data(attributes(Self.objects, extra).utf8)) as! [String: String]
        if let uid { parameters[AttributeKeys.podUID] = uid }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        let target = try provider.targetPath(podUID: uid ?? environment.pod.uid, volume: volume, create: false)
        let response = try await provider.driver.mount(attributes: json, targetPath: target)
        let text = { (name: String) in String(decoding: response.files.first { $0.path == name }?.contents ?? Data(), as: UTF8.self) }
        return (text("db-user"), text("db-pass"))
    }

    func testRemountsReuseTheCredentialOfTheSameVolume() async throws {
        let first = try await credentials()
        let second = try await credentials()
        let third = try await credentials()
        XCTAssertEqual(issued, 1)
        XCTAssertEqual(second.username, first.username)
        XCTAssertEqual(third.password, first.password)
        let user = try postgres.psql("select current_user", user: first.username, password: first.password)
        XCTAssertEqual(user.trimmingCharacters(in: .whitespacesAndNewlines), first.username, "the reused credential still works")
    }

    func testNothingIsSharedAcrossVolumesOrPods() async throws {
        let first = try await mount()
        let otherVolume = try await mount(volume: "other")
        let otherPod = try await mount(uid: "another-pod-uid")
        XCTAssertEqual(issued, 3)
        XCTAssertEqual(Set([first, otherVolume, otherPod]).count, 3)
    }

    func testReuseLeasesFalseIssuesEveryTime() async throws {
        _ = try await mount(["reuseLeases": "false"])
        _ = try await mount(["reuseLeases": "false"])
        XCTAssertEqual(issued, 2)
        do {
            _ = try await mount(["reuseLeases": "sometimes"])
            XCTFail("a bad boolean is refused")
        } catch {
            XCTAssertTrue("\(error)".contains("reuseLeases"), "\(error)")
        }
    }

    func testACredentialIsIssuedAgainAfterTwoThirdsOfItsLease() async throws {
        try await environment.bao.admin("POST", "/v1/database/roles/app", body: """
            {"db_name":"postgres","default_ttl":"3s","max_ttl":"3s",
             "creation_statements":["CREATE ROLE \\"{{name}}\\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"]}
            """)
        let first = try await mount()
        let reused = try await mount()
        XCTAssertEqual(reused, first)
        XCTAssertEqual(issued, 1)
        try await Task.sleep(for: .milliseconds(2300))
        let renewed = try await mount()
        XCTAssertNotEqual(renewed, first)
        XCTAssertEqual(issued, 2)
    }
}

import Foundation
import ProviderConfiguration
import ProviderTestSupport
import XCTest

/// Dynamic credentials are reused across remounts of the same pod and volume until two-thirds of their lease,
/// instead of being issued again on every rotation poll. Counted in OpenBao's audit log, against a real PostgreSQL.
/// The cache's logic (scope, reuseLeases=false, two-thirds of the lease, the token's expiry) is tested on the
/// in-memory Vault with a clock moved forward, in PipelineTests/LeasePipelineTests.swift.
final class LeaseReuseTests: ProviderTestCase {
    var postgres: PostgresServer!

    static let objects = """
        - {objectName: db-user, secretPath: database/creds/app, secretKey: username}
        - {objectName: db-pass, secretPath: database/creds/app, secretKey: password}
        """

    override func setUp() async throws {
        try await super.setUp()
        postgres = try await startDatabaseCredentials()
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
        -> (username: String, password: String)
    {
        var parameters =
            try JSONSerialization.jsonObject(with: Data(attributes(Self.objects, extra).utf8)) as! [String: String]
        if let uid { parameters[AttributeKeys.podUID] = uid }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        let target = try provider.targetPath(podUID: uid ?? environment.pod.uid, volume: volume, create: false)
        let response = try await provider.driver.mount(attributes: json, targetPath: target)
        let text = { (name: String) in
            String(decoding: response.files.first { $0.path == name }?.contents ?? Data(), as: UTF8.self)
        }
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
        XCTAssertEqual(
            user.trimmingCharacters(in: .whitespacesAndNewlines), first.username, "the reused credential still works")
    }
}

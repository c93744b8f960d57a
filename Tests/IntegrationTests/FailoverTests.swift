import Foundation
import ProviderTestSupport
import VaultClient
import XCTest

/// A class's Vault as two OpenBao servers set up alike (`DemoEnvironment.startTwin`), each behind a `FaultProxy`,
/// listed in one `vaultAddress`: the first dies mid-run and Mounts keep succeeding; once it is back, traffic returns
/// to it after the hold (shortened here from 30 s). The two dev servers are separate clusters, so each refuses the
/// other's tokens (403): with shared tokens (the default) the Mount logs in again where it landed; with
/// `-vault-addresses-share-tokens=false` a token never reaches the other server at all.
final class FailoverTests: ProviderTestCase {
    private var twin: OpenBaoServer!
    private var first: FaultProxy!
    private var second: FaultProxy!
    private let hold = Duration.seconds(5)
    private let login = "/v1/auth/kubernetes/login"
    private let read = "/v1/secret/data/app"

    override func setUp() async throws {
        try await super.setUp()
        twin = try await environment.startTwin()
        first = try await FaultProxy.start(upstream: environment.bao.address)
        second = try await FaultProxy.start(upstream: twin.address)
    }

    override func tearDown() async throws {
        await first?.stop()
        await second?.stop()
        // Stopping a server registers what its audit log shows was handed out, for the leak scan.
        twin?.stop()
        try await super.tearDown()
    }

    private func restartProvider(sharingTokens: Bool = true) async throws {
        await provider.stop()
        provider = try await startProvider(
            address: " \(first.address) , \(second.address) ,",
            transport: VaultTransportSettings(addressesShareTokens: sharingTokens, failoverHold: hold))
    }

    /// Mounts the demo pod's `secret/app` and checks the files.
    private func mountSucceeds(_ note: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let response = try await provider.driver.mount(
            attributes: attributes(Self.appObjects),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(
            response.files.first { $0.path == "password" }?.contents,
            Data(DemoEnvironment.appSecret["password"]!.utf8), note, file: file, line: line)
    }

    /// Where the requests went: (first, second) counts of requests whose path contains `fragment`.
    private func counts(_ fragment: String) -> (Int, Int) {
        (first.requests(pathContaining: fragment).count, second.requests(pathContaining: fragment).count)
    }

    func testMountsKeepSucceedingWhileTheFirstIsDownAndReturnToItAfterTheHold() async throws {
        try await restartProvider()
        try await mountSucceeds("both up")
        XCTAssertTrue(counts(read) == (1, 0) && counts(login) == (1, 0), "\(first.requests) | \(second.requests)")

        // The first dies: every connection to it is dropped without an answer.
        first.inject(.closeConnection, onPathContaining: "/v1/")
        try await mountSucceeds("the first is down")
        // The cached token came from the first server; the second refused it (403), and the Mount logged in there.
        XCTAssertEqual(counts(login).1, 1, "\(second.requests)")
        XCTAssertEqual(counts(read).1, 2, "\(second.requests)")
        XCTAssertTrue(provider.logs.text.contains("moving on to the next Vault address"))
        try await mountSucceeds("still down")
        XCTAssertEqual(counts(read).1, 3)

        // The first is back; within the hold the second keeps the traffic, after it the first gets it back.
        first.clearFaults()
        let before = first.requests.count
        try await mountSucceeds("back, within the hold")
        XCTAssertEqual(first.requests.count, before, "within the hold the first is not tried: \(first.requests)")
        try await Task.sleep(for: hold + .milliseconds(200))
        let secondBefore = second.requests.count
        try await mountSucceeds("back, after the hold")
        XCTAssertEqual(second.requests.count, secondBefore, "after the hold: \(second.requests)")
        // The second's token was refused by the first (403): one fresh login there, then the read.
        XCTAssertEqual(
            first.requests.suffix(3).map { "\($0.method) \($0.uri)" },
            ["GET \(read)", "POST \(login)", "GET \(read)"])
        XCTAssertNil(first.requests.suffix(3).last?.fault)
    }

    func testAStoppedServerIsPassedBehindItsProxy() async throws {
        try await restartProvider()
        try await mountSucceeds("both up")
        // Really stopped: its proxy answers 502 (a load balancer without a backend).
        environment.bao.stop()
        try await mountSucceeds("the first server is stopped")
        try await mountSucceeds("and again")
        XCTAssertEqual(counts(read).1, 3, "the second answered the refused token's read, then two reads")
    }

    func testWithoutSharedTokensATokenNeverReachesTheOtherServer() async throws {
        try await restartProvider(sharingTokens: false)
        try await mountSucceeds("both up")
        first.inject(.closeConnection, onPathContaining: "/v1/")
        try await mountSucceeds("the first is down")
        // The cached token is bound to the first: its read failed there, then a login at the second and the read.
        XCTAssertEqual(
            second.requests.map { "\($0.method) \($0.uri)" }, ["POST \(login)", "GET \(read)"],
            "the first server's token must never be sent to the second")
        try await mountSucceeds("still down")
        XCTAssertEqual(second.requests.count, 3, "\(second.requests)")
    }
}

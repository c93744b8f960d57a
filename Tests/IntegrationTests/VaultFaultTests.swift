import Foundation
import GRPCCore
import ProviderAPI
import ProviderTestSupport
import XCTest

/// Retries, fast failures and deadlines against a real OpenBao behind `FaultProxy`, through the provider's real socket.
///
/// `appObjects` reads `secret/data/app` once per mount (both objects share the request) after one login.
final class VaultFaultTests: ProviderTestCase {
    private var proxy: FaultProxy!
    private let read = "/v1/secret/data/app"
    private let login = "/v1/auth/kubernetes/login"

    override func setUp() async throws {
        try await super.setUp()
        proxy = try await FaultProxy.start(upstream: environment.bao.address)
        await provider.stop()
        provider = try await startProvider(address: proxy.address)
    }

    override func tearDown() async throws {
        await proxy?.stop()
        try await super.tearDown()
    }

    func testTwo503sAreRetriedWithinTheBackoffCaps() async throws {
        proxy.inject(.status(503, errors: ["Vault is sealed"]), onPathContaining: read, times: 2)
        let response = try await mount(target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(response.files.map(\.path), ["username", "password"])
        let reads = proxy.requests(pathContaining: read)
        XCTAssertEqual(reads.count, 3, "\(reads)")
        XCTAssertEqual(reads.map { $0.fault == nil }, [false, false, true], "\(reads)")
        // The proxy answers a fault at once, so a gap is the pause plus the provider's own overhead. The pause
        // after attempt n is at most 100 ms * 2^(n-1): 100 ms, then 200 ms; 400 ms of slack for this machine.
        XCTAssertLessThan(reads[0].arrival.duration(to: reads[1].arrival), .milliseconds(100 + 400))
        XCTAssertLessThan(reads[1].arrival.duration(to: reads[2].arrival), .milliseconds(200 + 400))
    }

    func testA429OnTheLoginIsRetried() async throws {
        proxy.inject(
            .status(429, errors: ["request path \"auth/kubernetes/login\": rate limit quota exceeded"]),
            onPathContaining: login, times: 1)
        let response = try await mount(target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(response.files.count, 2)
        XCTAssertEqual(proxy.requests(pathContaining: login).count, 2, "\(proxy.requests)")
        XCTAssertEqual(proxy.requests(pathContaining: read).count, 1, "\(proxy.requests)")
    }

    func testAConnectionClosedWithoutAnAnswerIsRetried() async throws {
        proxy.inject(.closeConnection, onPathContaining: read, times: 1)
        let response = try await mount(target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(
            response.files.first { $0.path == "password" }?.contents, Data(DemoEnvironment.appSecret["password"]!.utf8))
        XCTAssertEqual(proxy.requests(pathContaining: read).count, 2, "\(proxy.requests)")
    }

    func testPersistent503IsUnavailableAfterThreeAttemptsWithVaultsText() async throws {
        proxy.inject(.status(503, errors: ["Vault is sealed"]), onPathContaining: read)
        let error = try await failedMount(target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertTrue(error.message.hasPrefix(#"couldn't read secret "username": "#), error.message)
        XCTAssertTrue(error.message.contains("Code: 503. Errors: * Vault is sealed"), error.message)
        XCTAssertEqual(proxy.requests(pathContaining: read).count, 3, "\(proxy.requests)")
    }

    /// Vault's own error texts go into the pod's events: a Vault that answers 100 KiB of them is cut to 1 KiB.
    func testVaultsErrorTextsAreCutToOneKibibyte() async throws {
        let flood = String(repeating: "permission denied ", count: 100 * 1024 / 18)
        proxy.inject(.status(403, errors: [flood, "second"]), onPathContaining: read)
        let error = try await failedMount(target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(error.code, .permissionDenied, error.message)
        XCTAssertLessThan(
            error.message.utf8.count, 1024 + 300, "Vault's texts at most 1 KiB, plus the provider's own words")
        XCTAssertTrue(
            error.message.hasPrefix(#"couldn't read secret "username": Error making API request."#), error.message)
        XCTAssertTrue(error.message.hasSuffix(" more bytes)"), String(error.message.suffix(100)))
    }

    func testOther4xxAnswersFailAtOnceWithVaultsText() async throws {
        let cases: [(status: Int, text: String, code: RPCError.Code)] = [
            (400, "invalid request", .invalidArgument),
            (403, "permission denied", .permissionDenied),
            (404, "no handler for route \"secret/data/app\"", .notFound),
            (412, "required index state not present", .internalError),
        ]
        for (status, text, code) in cases {
            // A fresh provider each time: a 403 on a cached token would earn one fresh login and one more read.
            await provider.stop()
            provider = try await startProvider(address: proxy.address)
            proxy.clearFaults()
            proxy.inject(.status(status, errors: [text]), onPathContaining: read)
            let before = proxy.requests(pathContaining: read).count
            let error = try await failedMount(
                target: try provider.targetPath(podUID: environment.pod.uid, create: false))
            XCTAssertEqual(error.code, code, "\(status): \(error.message)")
            XCTAssertTrue(error.message.hasPrefix(#"couldn't read secret "username": "#), error.message)
            XCTAssertTrue(error.message.contains("Code: \(status). Errors: * \(text)"), error.message)
            XCTAssertEqual(proxy.requests(pathContaining: read).count - before, 1, "\(status) is not retried")
        }
    }

    func testRetriesNeverRunPastTheDeadline() async throws {
        // Each 503 comes 800 ms late and the caller allows 1.5 s: the second attempt starts before the deadline
        // (800 ms plus a pause of at most 100 ms), and is still waiting for its answer when the deadline passes,
        // so the caller's own DEADLINE_EXCEEDED ends the call; "Vault's last answer" (UNAVAILABLE) is for a
        // retry that cannot start in time, which this timing never reaches.
        proxy.inject(.status(503, errors: ["Vault is sealed"], after: .milliseconds(800)), onPathContaining: read)
        let timeout = Duration.milliseconds(1500)
        let started = ContinuousClock.now
        let error = try await failedMount(
            target: try provider.targetPath(podUID: environment.pod.uid, create: false), timeout: timeout)
        XCTAssertEqual(error.code, .deadlineExceeded, error.message)
        XCTAssertLessThan(started.duration(to: .now), timeout + .seconds(1))
        try await Task.sleep(for: .seconds(1))
        let reads = proxy.requests(pathContaining: read)
        XCTAssertTrue((1...2).contains(reads.count), "fewer than 3 attempts fit: \(reads)")
        let late = proxy.requests.filter { $0.arrival >= started + timeout }
        XCTAssertEqual(late.map(\.description), [], "no request may start after the deadline")
    }

    func testASlowVaultEndsAtTheDeadlineAndTheProviderStaysHealthy() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        proxy.inject(.slow(.seconds(10)), onPathContaining: read)
        let started = ContinuousClock.now
        let error = try await failedMount(target: target, timeout: .seconds(1))
        XCTAssertEqual(error.code, .deadlineExceeded, error.message)
        XCTAssertLessThan(started.duration(to: .now), .seconds(2))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [], "nothing is written")

        proxy.clearFaults()
        _ = try await mount(target: target)
        XCTAssertEqual(readText(target + "/password"), DemoEnvironment.appSecret["password"])
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
    }

    func testAFailedRemountLeavesThePreviousFilesUntouched() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await mount(target: target)
        let files = try snapshot(target)
        let times = try modificationTimes(target)
        XCTAssertEqual(readText(target + "/password"), DemoEnvironment.appSecret["password"])
        // 503: three attempts. 403 on the now cached token: one fresh login, then one more read, refused again.
        let faults: [(ProxyFault, RPCError.Code, reads: Int, logins: Int)] = [
            (.status(503, errors: ["Vault is sealed"]), .unavailable, 3, 0),
            (.status(403, errors: ["permission denied"]), .permissionDenied, 2, 1),
        ]
        for (fault, code, reads, logins) in faults {
            proxy.clearFaults()
            proxy.inject(fault, onPathContaining: read)
            let (readsBefore, loginsBefore) = (
                proxy.requests(pathContaining: read).count, proxy.requests(pathContaining: login).count
            )
            let error = try await failedMount(target: target)
            XCTAssertEqual(error.code, code, error.message)
            XCTAssertEqual(proxy.requests(pathContaining: read).count - readsBefore, reads, "\(fault)")
            XCTAssertEqual(proxy.requests(pathContaining: login).count - loginsBefore, logins, "\(fault)")
            XCTAssertEqual(try snapshot(target), files, "\(fault)")
            XCTAssertEqual(try modificationTimes(target), times, "\(fault)")
        }
    }

    // MARK: - Helpers

    private func mount(target: String, timeout: Duration = .seconds(30)) async throws -> V1alpha1_MountResponse {
        try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target, timeout: timeout)
    }

    /// The error of a mount that must fail.
    private func failedMount(target: String, timeout: Duration = .seconds(30)) async throws -> RPCError {
        do {
            _ = try await mount(target: target, timeout: timeout)
        } catch let error as RPCError {
            return error
        }
        throw TestSupportError("the mount succeeded; it was expected to fail")
    }

    /// The modification times of the target directory, of each entry, and of the file each link leads to.
    private func modificationTimes(_ target: String) throws -> [String: String] {
        func times(_ path: String) -> String {
            var own = stat(), followed = stat()
            lstat(path, &own)
            stat(path, &followed)
            return "\(own.st_mtim.tv_sec).\(own.st_mtim.tv_nsec) \(followed.st_mtim.tv_sec).\(followed.st_mtim.tv_nsec)"
        }
        var result = [".": times(target)]
        for name in try FileManager.default.contentsOfDirectory(atPath: target) {
            result[name] = times(target + "/" + name)
        }
        return result
    }
}

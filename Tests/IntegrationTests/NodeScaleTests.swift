import Foundation
import GRPCCore
import ProviderTestSupport
import XCTest

/// A node full of starting pods, driven as the driver drives it: every pod's Mount over one connection.
final class NodeScaleTests: ProviderTestCase {
    /// 1024 pods at once on the test's one grpc-swift connection: more than NIOHTTP2's unadvertised 100 streams,
    /// which ended the whole connection with a GOAWAY before the server advertised its limit.
    func test1024ConcurrentMountsOfDistinctPodsOverOneConnection() async throws {
        let reviewsBefore = environment.kubernetes.tokenReviewCount
        let outcomes = await mountDistinctPods(1024, over: provider.driver, prefix: "node")
        assertAllPodsGotTheirFiles(outcomes)
        XCTAssertEqual(
            environment.kubernetes.tokenReviewCount - reviewsBefore, 1024, "one login per pod: no token served two pods"
        )
    }

    /// A node that boots with its pods: the first Mounts on a brand-new connection, all sent at once.
    func testABurstOnABrandNewConnectionLosesNothing() async throws {
        let fresh = try DriverClient(socketPath: provider.socketPath)
        let outcomes = await mountDistinctPods(300, over: fresh, prefix: "boot")
        await fresh.close()
        assertAllPodsGotTheirFiles(outcomes)
    }

    /// `-max-concurrent-vault-requests`: however many pods mount, one Vault never sees more requests at once than its
    /// share, half the bound (logins included), and every pod still gets its own login and its files.
    func testVaultRequestsInFlightStayWithinTheBound() async throws {
        let proxy = try await FaultProxy.start(upstream: environment.bao.address)
        await provider.stop()
        provider = try await startProvider(address: proxy.address, maxConcurrentVaultRequests: 6)
        proxy.inject(.slow(.milliseconds(40)), onPathContaining: "/v1/")
        let outcomes = await mountDistinctPods(40, over: provider.driver, prefix: "bound")
        assertAllPodsGotTheirFiles(outcomes)
        XCTAssertEqual(proxy.requests(pathContaining: "/login").count, 40)
        XCTAssertLessThanOrEqual(proxy.mostRequestsInFlight, 3)
        XCTAssertEqual(proxy.mostRequestsInFlight, 3, "40 pods at once fill one address's share")
        await proxy.stop()
    }

    /// A class aimed at a Vault that never answers its reads: four Mounts of 64 objects would hold every permit of
    /// the bound until their deadlines. One address holds at most half, so an ordinary Mount goes on at once.
    func testASilentVaultCannotHoldEveryPermit() async throws {
        let silent = try await FaultProxy.start(upstream: environment.bao.address)
        silent.inject(.slow(.seconds(60)), onPathContaining: "/v1/secret/data/app?x=", times: 10_000)
        let objects = (0..<64).map {
            "- {objectName: o\($0), secretPath: 'secret/data/app?x=\($0)', secretKey: username}"
        }
        .joined(separator: "\n")
        let driver = provider.driver
        let stuck = try (0..<4).map { index in
            let uid = "silent-\(index)"
            let attributes = environment.attributes(
                parameters: ["roleName": environment.role, "objects": objects, "vaultAddress": silent.address],
                podName: uid, podUID: uid)
            let target = try provider.targetPath(podUID: uid, create: false)
            return Task { try? await driver.mount(attributes: attributes, targetPath: target, timeout: .seconds(8)) }
        }
        while silent.mostRequestsInFlight < 32 { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(silent.mostRequestsInFlight, 32, "the silent Vault holds half of the 64 permits")
        let started = ContinuousClock.now
        let response = try await driver.mount(
            attributes: attributes(Self.appObjects),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false), timeout: .seconds(5))
        XCTAssertEqual(response.files.count, 2)
        XCTAssertLessThan(started.duration(to: .now), .seconds(2))
        for task in stuck { _ = await task.value }
        await silent.stop()
    }

    /// A mount whose deadline passes while it waits for a permit fails with DEADLINE_EXCEEDED and writes nothing.
    func testAMountWaitingPastItsDeadlineFailsAndWritesNothing() async throws {
        let proxy = try await FaultProxy.start(upstream: environment.bao.address)
        await provider.stop()
        provider = try await startProvider(writeMode: .auto, address: proxy.address, maxConcurrentVaultRequests: 1)
        proxy.inject(.slow(.seconds(3)), onPathContaining: "/login", times: 1)
        let slowAttributes = environment.attributes(
            parameters: ["roleName": environment.role, "objects": Self.appObjects], podName: "slow", podUID: "slow-uid")
        let slowTarget = try provider.targetPath(podUID: "slow-uid", create: false)
        let driver = provider.driver
        let slow = Task {
            try await driver.mount(attributes: slowAttributes, targetPath: slowTarget, timeout: .seconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
        let target = try provider.targetPath(podUID: "waiting-uid")
        do {
            _ = try await provider.driver.mount(
                attributes: environment.attributes(
                    parameters: ["roleName": environment.role, "objects": Self.appObjects],
                    podName: "waiting", podUID: "waiting-uid"),
                targetPath: target, timeout: .seconds(1))
            XCTFail("the waiting mount should have run out of time")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .deadlineExceeded, error.message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [], "nothing was written")
        _ = try await slow.value
        XCTAssertEqual(proxy.requests(pathContaining: "/login").count, 1, "the waiting mount never reached Vault")
        await proxy.stop()
    }

    private func mountDistinctPods(_ count: Int, over driver: DriverClient, prefix: String) async -> [Result<
        [String: String], any Error
    >] {
        await withTaskGroup(of: Result<[String: String], any Error>.self) { group in
            for index in 0..<count {
                group.addTask { [environment = environment!, provider = provider!] in
                    let uid = "\(prefix)-\(index)-\(UUID().uuidString.prefix(8))"
                    let attributes = environment.attributes(
                        parameters: ["roleName": environment.role, "objects": Self.appObjects],
                        podName: "\(prefix)-\(index)", podUID: uid)
                    do {
                        let response = try await driver.mount(
                            attributes: attributes, targetPath: try provider.targetPath(podUID: uid, create: false),
                            timeout: .seconds(110))
                        return .success(
                            Dictionary(
                                uniqueKeysWithValues: response.files.map {
                                    ($0.path, String(decoding: $0.contents, as: UTF8.self))
                                }))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<[String: String], any Error>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
    }

    private func assertAllPodsGotTheirFiles(
        _ outcomes: [Result<[String: String], any Error>], file: StaticString = #filePath, line: UInt = #line
    ) {
        let failures = outcomes.compactMap { outcome -> String? in
            if case .failure(let error) = outcome { return "\(error)" }
            return nil
        }
        XCTAssertEqual(failures.count, 0, "errors: \(failures.prefix(3))", file: file, line: line)
        let expected = [
            "username": DemoEnvironment.appSecret["username"]!, "password": DemoEnvironment.appSecret["password"]!,
        ]
        XCTAssertEqual(
            outcomes.filter { (try? $0.get()) == expected }.count, outcomes.count, "every pod got its files",
            file: file, line: line)
    }
}

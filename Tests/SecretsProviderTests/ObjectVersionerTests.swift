import Foundation
import Logging
import ProviderConfiguration
import Synchronization
import XCTest

@testable import SecretsProvider

/// The HMAC key behind object versions: a load that hangs costs a mount at most its budget, the mounts waiting share
/// one load, and a failure is remembered for a while instead of being retried by every mount up to its deadline.
final class ObjectVersionerTests: XCTestCase {
    /// A key source whose API server never answers: each load waits out its deadline.
    final class HangingSource: VersionKeySource {
        let loads = Mutex(0)
        func loadKey(deadline: ContinuousClock.Instant) async throws -> Data {
            loads.withLock { $0 += 1 }
            try await Task.sleep(until: deadline, clock: .continuous)
            throw CancellationError()
        }
    }

    private let object = SecretObject(objectName: "a", secretPath: "p")
    private let file = RenderedFile(path: "a", mode: 0o644, contents: Data("x".utf8))

    func testAHangingKeyLoadCostsAMountItsBudgetOnceAndIsRememberedForAWhile() async throws {
        let source = HangingSource()
        let versioner = ObjectVersioner(
            source: source, loadBudget: .milliseconds(300), failureMemory: .seconds(1),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let deadline = ContinuousClock.now + .seconds(60)
        let started = ContinuousClock.now
        let (object, file) = (object, file)
        let together = await withTaskGroup(of: [ObjectVersion].self) { group in
            for _ in 0..<5 {
                group.addTask { await versioner.versions(of: [object], files: [file], deadline: deadline) }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        XCTAssertLessThan(started.duration(to: .now), .seconds(2), "the budget, not the mount's minute")
        XCTAssertEqual(together.map(\.version), Array(repeating: "", count: 5))
        XCTAssertEqual(source.loads.withLock { $0 }, 1, "the mounts waiting shared one load")
        let again = ContinuousClock.now
        _ = await versioner.versions(of: [object], files: [file], deadline: deadline)
        XCTAssertLessThan(again.duration(to: .now), .milliseconds(100), "a remembered failure is not retried")
        XCTAssertEqual(source.loads.withLock { $0 }, 1)
        try await Task.sleep(for: .seconds(1))
        _ = await versioner.versions(of: [object], files: [file], deadline: deadline)
        XCTAssertEqual(source.loads.withLock { $0 }, 2, "tried again once the failure is old")
    }
}

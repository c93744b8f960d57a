import Synchronization
import VaultContract
import XCTest

@testable import VaultClient

final class VaultRequestLimiterTests: XCTestCase {
    /// However many tasks ask at once, no more than the limit hold a permit, and every one of them runs.
    func testNeverMoreThanTheLimitAtOnce() async throws {
        let limiter = VaultRequestLimiter(limit: 4)
        let counters = Locked((now: 0, most: 0, done: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    try await limiter.withPermit(
                        for: index % 2 == 0 ? "https://a" : "https://b", deadline: .now + .seconds(30)
                    ) {
                        counters.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        try await Task.sleep(for: .milliseconds(2))
                        counters.withLock {
                            $0.now -= 1
                            $0.done += 1
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(counters.withLock { $0.most }, 4)
        XCTAssertEqual(counters.withLock { $0.done }, 100)
        XCTAssertEqual(limiter.inFlight, 0, "every permit came back")
    }

    /// One address holds at most half the permits: a Vault that never answers cannot hold them all while another
    /// address's requests wait; when its permits come back, its own waiters go on.
    func testOneAddressHoldsAtMostHalfThePermits() async throws {
        let limiter = VaultRequestLimiter(limit: 4)
        let gate = AsyncStream<Void>.makeStream()
        let silent = (0..<6).map { _ in
            Task {
                try await limiter.withPermit(for: "https://silent", deadline: .now + .seconds(30)) {
                    for await _ in gate.stream {}
                }
            }
        }
        while limiter.inFlight < 2 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        XCTAssertEqual(limiter.inFlight, 2, "the silent address holds its half, no more")
        let started = ContinuousClock.now
        let others = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await limiter.withPermit(for: "https://other", deadline: .now + .seconds(5)) { index }
                }
            }
            return try await group.reduce(0) { $0 + $1 }
        }
        XCTAssertEqual(others, 190)
        XCTAssertLessThan(started.duration(to: .now), .seconds(1))
        gate.continuation.finish()
        for task in silent { try await task.value }
        XCTAssertEqual(limiter.inFlight, 0)
    }

    func testSpellingsOfOneAddressShareOneShare() {
        XCTAssertEqual(
            VaultRequestLimiter.shareKey(for: "HTTPS://Vault.example:8200//"),
            VaultRequestLimiter.shareKey(for: "https://vault.example:8200"))
        XCTAssertNotEqual(
            VaultRequestLimiter.shareKey(for: "https://a:8200"), VaultRequestLimiter.shareKey(for: "https://b:8200"))
    }

    /// Waiters are served in arrival order.
    func testWaitersAreServedFirstComeFirstServed() async throws {
        let limiter = VaultRequestLimiter(limit: 1)
        let order = Locked<[Int]>([])
        let gate = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await limiter.withPermit(deadline: .now + .seconds(30)) { for await _ in gate.stream {} }
        }
        try await waitUntil { limiter.inFlight == 1 }
        var waiters: [Task<Void, any Error>] = []
        for index in 0..<5 {
            waiters.append(
                Task {
                    try await limiter.withPermit(deadline: .now + .seconds(30)) { order.withLock { $0.append(index) } }
                })
            try await Task.sleep(for: .milliseconds(20))
        }
        gate.continuation.finish()
        try await holder.value
        for waiter in waiters { try await waiter.value }
        XCTAssertEqual(order.withLock { $0 }, [0, 1, 2, 3, 4])
    }

    /// A waiter whose deadline passes gives up with deadlineExceeded, and the permit it never had is not lost.
    func testAWaiterPastItsDeadlineGivesUpWithoutLosingAPermit() async throws {
        let limiter = VaultRequestLimiter(limit: 1)
        let gate = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await limiter.withPermit(deadline: .now + .seconds(30)) { for await _ in gate.stream {} }
        }
        try await waitUntil { limiter.inFlight == 1 }
        let started = ContinuousClock.now
        do {
            try await limiter.withPermit(deadline: .now + .milliseconds(100)) { XCTFail("must not run") }
            XCTFail("expected a deadline error")
        } catch let error as VaultError {
            guard case .deadlineExceeded = error else { return XCTFail("\(error)") }
        }
        XCTAssertLessThan(started.duration(to: .now), .seconds(5))
        gate.continuation.finish()
        try await holder.value
        XCTAssertEqual(limiter.inFlight, 0)
        let ran = try await limiter.withPermit(deadline: .now + .seconds(1)) { true }
        XCTAssertTrue(ran, "the permit is available again")
    }

    /// A cancelled waiter stops waiting with `cancelled`; the queue behind it moves on.
    func testACancelledWaiterLeavesTheQueue() async throws {
        let limiter = VaultRequestLimiter(limit: 1)
        let gate = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await limiter.withPermit(deadline: .now + .seconds(30)) { for await _ in gate.stream {} }
        }
        try await waitUntil { limiter.inFlight == 1 }
        let cancelled = Task { try await limiter.withPermit(deadline: .now + .seconds(30)) { "ran" } }
        try await Task.sleep(for: .milliseconds(20))
        let next = Task { try await limiter.withPermit(deadline: .now + .seconds(30)) { "next" } }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        do {
            _ = try await cancelled.value
            XCTFail("expected cancellation")
        } catch let error as VaultError {
            guard case .cancelled = error else { return XCTFail("\(error)") }
        }
        gate.continuation.finish()
        try await holder.value
        let value = try await next.value
        XCTAssertEqual(value, "next")
        XCTAssertEqual(limiter.inFlight, 0)
    }

    private func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else { return XCTFail("condition not met in time") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// A value shared between test tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}

import Synchronization
import Testing

@testable import SecretsProvider

/// The one bounded task group: never more than the limit at once, every job run, outputs in the jobs' order, and a
/// failure cancelling the rest.
@Suite struct BoundedConcurrencyTests {
    /// How many jobs run now, the most at once, and how many ran.
    final class Gauge: Sendable {
        private let counts = Mutex((now: 0, most: 0, ran: 0))

        func running<T>(_ body: () async throws -> T) async rethrows -> T {
            counts.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
            defer {
                counts.withLock {
                    $0.now -= 1
                    $0.ran += 1
                }
            }
            return try await body()
        }

        var most: Int { counts.withLock { $0.most } }
        var ran: Int { counts.withLock { $0.ran } }
    }

    @Test(arguments: [1, 4, 16, 100])
    func neverMoreThanTheLimitAndAllInOrder(limit: Int) async throws {
        let gauge = Gauge()
        let jobs = Array(0..<40)
        let outputs = try await BoundedConcurrency.map(jobs, limit: limit) { job in
            try await gauge.running {
                try await Task.sleep(for: .milliseconds(job % 3 + 1))
                return job * 2
            }
        }
        #expect(outputs == jobs.map { $0 * 2 })
        #expect(gauge.ran == 40)
        #expect(gauge.most <= limit)
        #expect(gauge.most == min(limit, 40), "the limit is used, not one at a time")
    }

    @Test func forEachRunsEveryJobWithinTheLimit() async {
        let gauge = Gauge()
        await BoundedConcurrency.forEach(Array(0..<30), limit: 3) { _ in
            await gauge.running { try? await Task.sleep(for: .milliseconds(2)) }
        }
        #expect(gauge.ran == 30)
        #expect(gauge.most == 3)
    }

    @Test func noJobsNoWork() async throws {
        let outputs = try await BoundedConcurrency.map([Int](), limit: 4) { $0 }
        #expect(outputs.isEmpty)
    }

    struct Refused: Error {}

    @Test func aRefusedOutputStopsTheRest() async throws {
        let gauge = Gauge()
        await #expect(throws: Refused.self) {
            _ = try await BoundedConcurrency.map(
                Array(0..<50), limit: 2,
                { job in
                    try await gauge.running {
                        try await Task.sleep(for: .milliseconds(2))
                        return job
                    }
                },
                each: { output in
                    if output == 3 { throw Refused() }
                })
        }
        #expect(gauge.ran < 10, "the jobs after the refusal never started")
    }

    @Test func aFailingJobIsThrown() async throws {
        await #expect(throws: Refused.self) {
            _ = try await BoundedConcurrency.map(Array(0..<5), limit: 2) { job in
                if job == 1 { throw Refused() }
                return job
            }
        }
    }
}

/// Jobs run in one task group, at most a limit of them at once: a mount's reads, a pass of renewals.
enum BoundedConcurrency {
    /// Runs `body` on each of `jobs`, at most `limit` at once (a new one starts as one ends), and returns the outputs
    /// in the jobs' order. `each` sees every output as it arrives and may throw: the jobs still running are then
    /// cancelled, the rest never start, and the error is thrown; so is the first error of `body`.
    static func map<Job: Sendable, Output: Sendable>(
        _ jobs: [Job], limit: Int, _ body: @escaping @Sendable (Job) async throws -> Output,
        each: (Output) throws -> Void = { _ in }
    ) async throws -> [Output] {
        try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            var next = 0
            func startNext() {
                let index = next
                let job = jobs[index]
                group.addTask { (index, try await body(job)) }
                next += 1
            }
            while next < min(max(1, limit), jobs.count) { startNext() }
            var outputs = [Output?](repeating: nil, count: jobs.count)
            while let (index, output) = try await group.next() {
                try each(output)
                outputs[index] = output
                if next < jobs.count { startNext() }
            }
            return outputs.map { $0! }
        }
    }

    /// Runs `body` on each of `jobs`, at most `limit` at once, until all ended.
    static func forEach<Job: Sendable>(
        _ jobs: [Job], limit: Int,
        _ body: @escaping @Sendable (Job) async -> Void
    ) async {
        _ = try? await map(jobs, limit: limit, body)
    }
}

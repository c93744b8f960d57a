import Synchronization

/// Samples a process's resident memory every few milliseconds and keeps the largest value seen.
final class RSSSampler: Sendable {
    private let pid: Int32
    private let largest = Mutex(0)

    init(pid: Int32) {
        self.pid = pid
    }

    /// The largest `VmRSS` seen so far, in KiB.
    var maximum: Int { largest.withLock { $0 } }

    /// Samples until the task is cancelled.
    func run(every interval: Duration = .milliseconds(5)) async {
        while !Task.isCancelled {
            if let resident = ProcessMemory.resident(pid: pid) {
                largest.withLock { $0 = max($0, resident) }
            }
            try? await Task.sleep(for: interval)
        }
    }
}

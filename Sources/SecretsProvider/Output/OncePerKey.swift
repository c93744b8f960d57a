import Synchronization

/// Remembers which keys were seen, so that a notice is logged once per key rather than on every rotation poll.
/// Bounded: past `capacity` keys it forgets them all and starts again.
final class OncePerKey: Sendable {
    private let seen = Mutex<Set<String>>([])
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// True the first time `key` is passed (again after the memory was reset).
    func firstTime(_ key: String) -> Bool {
        seen.withLock { seen in
            if seen.count >= capacity { seen.removeAll() }
            return seen.insert(key).inserted
        }
    }
}

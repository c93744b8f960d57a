import VaultClient

/// Dynamic-secret answers reused across mounts of the same pod and volume, as Vault Agent paces renewals:
/// an answer with a lease is reused until two-thirds of the lease, or the expiry of the token that obtained it,
/// whichever comes first. Superseded leases are left to expire, never revoked.
actor LeaseCache {
    /// What a reused answer may serve: the token's authority, the volume, and the request itself.
    struct Key: Hashable, Sendable {
        let token: TokenCacheKey
        let targetPath: String
        let request: VaultRequest
    }

    private struct Entry {
        let answer: VaultAnswer
        let reuseUntil: ContinuousClock.Instant
    }

    private let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var recency: [Key] = []
    private let clock: CacheClock

    /// `capacity` <= 0 disables reuse.
    init(capacity: Int, clock: CacheClock = .system) {
        self.capacity = capacity
        self.clock = clock
    }

    /// The reusable answer for `key`, if one is still fresh.
    func answer(for key: Key) -> VaultAnswer? {
        guard let entry = entries[key] else { return nil }
        guard clock.now() < entry.reuseUntil else {
            remove(key)
            return nil
        }
        recency.removeAll { $0 == key }
        recency.append(key)
        return entry.answer
    }

    /// Keeps `answer` when it carries a lease; `tokenExpires` caps its reuse (Vault revokes a token's leases with it).
    func store(_ answer: VaultAnswer, for key: Key, obtained: ContinuousClock.Instant, tokenExpires: ContinuousClock.Instant?) {
        guard capacity > 0, let lease = answer.lease else { return }
        var reuseUntil = obtained + .seconds(lease) * 2 / 3
        if let tokenExpires { reuseUntil = min(reuseUntil, tokenExpires) }
        guard reuseUntil > obtained else { return }
        entries[key] = Entry(answer: answer, reuseUntil: reuseUntil)
        recency.removeAll { $0 == key }
        recency.append(key)
        evict()
    }

    /// How many answers are held.
    var count: Int { entries.count }

    private func evict() {
        let now = clock.now()
        for (key, entry) in entries where entry.reuseUntil <= now { remove(key) }
        while recency.count > capacity { entries[recency.removeFirst()] = nil }
    }

    private func remove(_ key: Key) {
        entries[key] = nil
        recency.removeAll { $0 == key }
    }
}

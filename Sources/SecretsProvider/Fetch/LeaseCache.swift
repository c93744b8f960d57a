import ProviderValues
import VaultClient

/// Dynamic-secret answers reused across mounts of the same pod and volume, as Vault Agent paces renewals:
/// an answer with a lease is reused until two-thirds of the lease, or the expiry of the token that obtained it,
/// whichever comes first; a certificate without a lease (PKI `issue`) until two-thirds of the time from receipt to its
/// `expiration` (the key and the certificate come from the same answer). Superseded leases are left to expire.
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

    private var entries: LRUCache<Key, Entry>
    private let clock: CacheClock

    /// `capacity` <= 0 disables reuse.
    init(capacity: Int, clock: CacheClock = .system) {
        self.entries = LRUCache(capacity: capacity)
        self.clock = clock
    }

    /// The reusable answer for `key`, if one is still fresh.
    func answer(for key: Key) -> VaultAnswer? {
        guard let entry = entries.value(for: key) else { return nil }
        guard clock.now() < entry.reuseUntil else {
            entries.remove(key)
            return nil
        }
        return entry.answer
    }

    /// Keeps `answer` when it is reusable; `tokenExpires` caps a lease's reuse (Vault revokes a token's leases with it),
    /// not a certificate's.
    func store(_ answer: VaultAnswer, for key: Key, obtained: ContinuousClock.Instant, tokenExpires: ContinuousClock.Instant?) {
        guard entries.capacity > 0 else { return }
        var reuseUntil: ContinuousClock.Instant
        if let lease = answer.lease {
            reuseUntil = obtained + .seconds(lease) * 2 / 3
            if let tokenExpires { reuseUntil = min(reuseUntil, tokenExpires) }
        } else if let expiration = answer.certificateExpiration {
            let validity = max(0, Double(expiration) - clock.unixTime())
            reuseUntil = obtained + .milliseconds(Int64(validity * 1000)) * 2 / 3
        } else {
            return
        }
        guard reuseUntil > obtained else { return }
        let now = clock.now()
        entries.removeAll { _, entry in entry.reuseUntil <= now }
        entries.set(Entry(answer: answer, reuseUntil: reuseUntil), for: key)
    }

    /// How many answers are held.
    var count: Int { entries.count }
}

import ProviderValues
import VaultContract

/// Dynamic-secret answers reused across mounts of the same pod and volume, as Vault Agent paces renewals:
/// an answer with a lease is reused until `renewFraction` of the lease (two-thirds by default), or the expiry of the
/// token that obtained it, whichever comes first; a certificate without a lease (PKI `issue`) until two-thirds of the
/// time from receipt to its `expiration` (the key and the certificate come from the same answer). Superseded leases
/// are left to expire.
/// While the pod is alive, the renewer extends renewable leases (`renewal`), and reuse with them.
actor LeaseCache {
    /// What a reused answer may serve: the token's authority, the volume, and the request itself.
    struct Key: Hashable, Sendable {
        let token: TokenCacheKey
        let targetPath: String
        let request: VaultRequest
    }

    /// What renewing a leased answer needs, and where its renewal stands.
    struct Renewal: Sendable {
        let leaseID: String
        /// Where the lease was obtained; the renewal checks a client out for it.
        let vault: ResolvedVault
        let clientToken: String
        /// The lease asked for at each renewal: the first one's.
        let increment: Int
        var expires: ContinuousClock.Instant
        /// nil once renewal ended: refused, or capped by the max TTL.
        var nextRenewal: ContinuousClock.Instant?
    }

    /// A due renewal, as the renewer gets it.
    struct DueRenewal: Sendable {
        let key: Key
        let renewal: Renewal
    }

    private struct Entry {
        let answer: VaultAnswer
        var reuseUntil: ContinuousClock.Instant
        var tokenExpires: ContinuousClock.Instant?
        var renewal: Renewal?

        /// Whether the next Mount may reuse it.
        func isFresh(at now: ContinuousClock.Instant) -> Bool {
            now < reuseUntil && tokenExpires.map { now < $0 } ?? true
        }

        /// Whether it is worth keeping: fresh, or a live lease still to be renewed (which makes it fresh again).
        func isKept(at now: ContinuousClock.Instant) -> Bool {
            guard !isFresh(at: now) else { return true }
            guard let renewal, renewal.nextRenewal != nil, now < renewal.expires else { return false }
            return tokenExpires.map { now < $0 } ?? true
        }

        /// When `due` picks its renewal, seen at `now`: the next renewal, unless the lease or the entry ends first.
        func renewalDue(at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
            guard isKept(at: now), let renewal, let next = renewal.nextRenewal, now < renewal.expires,
                next < renewal.expires, tokenExpires.map({ next < $0 }) ?? true
            else { return nil }
            return next
        }
    }

    private var entries: LRUCache<Key, Entry>
    private let clock: CacheClock
    private let alarm: RenewalAlarm
    /// The part of a lease after which it is renewed (`-lease-renew-fraction`), and up to which an answer is reused
    /// when it is not renewed.
    nonisolated let renewFraction: Double
    /// The most bytes of answers kept (as Vault sent them; parsed, they take about as much again).
    let maxBytes: Int
    /// `maxBytes`' default: 32 MiB.
    static let defaultMaxBytes = 32 << 20

    /// `capacity` <= 0 disables reuse; at most `maxBytes` of answers are kept, least recently used dropped first.
    init(
        capacity: Int, maxBytes: Int = LeaseCache.defaultMaxBytes, clock: CacheClock = .system,
        alarm: RenewalAlarm = RenewalAlarm(), renewFraction: Double = ProviderSettings.defaultLeaseRenewFraction
    ) {
        self.renewFraction = renewFraction
        self.entries = LRUCache(capacity: capacity)
        self.maxBytes = maxBytes
        self.clock = clock
        self.alarm = alarm
    }

    /// The reusable answer for `key`, if one is still fresh.
    func answer(for key: Key) -> VaultAnswer? {
        guard let entry = entries.value(for: key) else { return nil }
        let now = clock.now()
        guard entry.isFresh(at: now) else {
            if !entry.isKept(at: now) { entries.remove(key) }
            return nil
        }
        return entry.answer
    }

    /// Keeps `answer` when it is reusable; `tokenExpires` caps a lease's reuse (Vault revokes a token's leases with
    /// it),
    /// not a certificate's. With `session`, a renewable lease can be renewed later.
    func store(
        _ answer: VaultAnswer, for key: Key, obtained: ContinuousClock.Instant, tokenExpires: ContinuousClock.Instant?,
        session: VaultSession? = nil
    ) {
        guard entries.capacity > 0 else { return }
        var entry: Entry
        if let lease = answer.lease {
            entry = Entry(
                answer: answer, reuseUntil: obtained + .seconds(lease) * renewFraction, tokenExpires: tokenExpires)
            if let session, answer.renewable, let leaseID = answer.leaseID {
                entry.renewal = Renewal(
                    leaseID: leaseID, vault: session.vault,
                    clientToken: session.token.token.clientToken, increment: lease, expires: obtained + .seconds(lease),
                    nextRenewal: renewalTime(after: obtained, ttl: lease))
            }
        } else if let validity = answer.certificateValidity(now: clock.unixTime()) {
            entry = Entry(
                answer: answer, reuseUntil: obtained + .milliseconds(Int64(validity * 1000)) * 2 / 3, tokenExpires: nil)
        } else {
            return
        }
        guard entry.isFresh(at: obtained), answer.body.count <= maxBytes else { return }
        let now = clock.now()
        entries.removeAll { _, entry in !entry.isKept(at: now) }
        entries.set(entry, for: key)
        var held = bytes
        while held > maxBytes, let oldest = entries.keys.first {
            held -= entries.peek(oldest)?.answer.body.count ?? 0
            entries.remove(oldest)
        }
        if let next = entry.renewal?.nextRenewal { alarm.announce(next) }
    }

    /// How many answers are held.
    var count: Int { entries.count }

    /// The bytes of the answers held.
    var bytes: Int { entries.keys.reduce(0) { $0 + (entries.peek($1)?.answer.body.count ?? 0) } }

    // MARK: Renewal and revocation

    /// The renewals due now, for the pods in `alive`.
    func due(alive: Set<String>) -> [DueRenewal] {
        let now = clock.now()
        var due: [DueRenewal] = []
        entries.removeAll { _, entry in !entry.isKept(at: now) }
        for key in alive.isEmpty ? [] : entries.keys where alive.contains(key.token.podUID) {
            guard let entry = entries.peek(key), let renewal = entry.renewal, let at = entry.renewalDue(at: now),
                at <= now
            else { continue }
            due.append(DueRenewal(key: key, renewal: renewal))
        }
        return due
    }

    /// When `due` will first return a renewal for `alive` pods (a past instant if it would now), or nil: never.
    func nextRenewal(alive: Set<String>) -> ContinuousClock.Instant? {
        let now = clock.now()
        return entries.keys.lazy.filter { alive.contains($0.token.podUID) }
            .compactMap { self.entries.peek($0)?.renewalDue(at: now) }.min()
    }

    /// Vault renewed the lease for `seconds`. While renewals succeed, reuse runs halfway from the next renewal to the
    /// lease's end (five-sixths by default: the next renewal is due at two-thirds); once capped (less than asked),
    /// renewing ends and reuse stops at `renewFraction` of the remaining life.
    func renewed(_ key: Key, seconds: Int, capped: Bool) {
        guard var entry = entries.peek(key), var renewal = entry.renewal else { return }
        let now = clock.now()
        renewal.expires = now + .seconds(seconds)
        renewal.nextRenewal = capped ? nil : renewalTime(after: now, ttl: seconds)
        entry.reuseUntil = now + .seconds(seconds) * (capped ? renewFraction : (1 + renewFraction) / 2)
        entry.renewal = renewal
        entries.set(entry, for: key)
    }

    /// Vault refused the renewal: no more attempts, and reuse stops at `renewFraction` of the remaining life.
    func refused(_ key: Key) {
        guard var entry = entries.peek(key), var renewal = entry.renewal else { return }
        let now = clock.now()
        renewal.nextRenewal = nil
        entry.reuseUntil = min(entry.reuseUntil, now + now.duration(to: renewal.expires) * renewFraction)
        entry.renewal = renewal
        entries.set(entry, for: key)
    }

    /// A token was renewed: the leases it obtained live as long.
    func tokenRenewed(_ clientToken: String, expires: ContinuousClock.Instant) {
        for key in entries.keys where entries.peek(key)?.renewal?.clientToken == clientToken {
            if var entry = entries.peek(key) {
                entry.tokenExpires = expires
                entries.set(entry, for: key)
            }
        }
    }

    /// Drops every answer of a pod.
    func removeAll(podUID: String) {
        entries.removeAll { key, _ in key.token.podUID == podUID }
    }

    /// Leases are renewed at `renewFraction` of their current TTL (two-thirds by default), less a jitter.
    nonisolated func renewalTime(after now: ContinuousClock.Instant, ttl: Int) -> ContinuousClock.Instant {
        VaultLifetime.renewalTime(after: now, ttl: ttl, fraction: renewFraction)
    }
}

import ProviderValues
import VaultContract

/// Every Vault token obtained for a pod (by uid), with what renewing and revoking it needs: the token cache may have
/// dropped a token (or never kept it, with `-cache-size=0`), but its leases live until it is revoked or expires.
actor HeldTokens {
    struct Held: Sendable {
        let key: TokenCacheKey
        let clientToken: String
        /// Where the token is valid: renewals and the revocation check a client out for it when they run, so a client
        /// the pool evicted meanwhile is never used.
        let vault: ResolvedVault
        let renewable: Bool
        /// The lease asked for at each renewal: the login's.
        let increment: Int
        var expires: ContinuousClock.Instant?
        var nextRenewal: ContinuousClock.Instant?

        /// When `due` picks this token, seen at `now`: its next renewal, unless it expires first.
        func dueTime(at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
            guard let nextRenewal, let expires, now < expires, nextRenewal < expires else { return nil }
            return nextRenewal
        }
    }

    private var byPod: [String: [String: Held]] = [:]
    /// Off until the node's pod watch has listed its pods: without the watch nothing renews or revokes, and only its
    /// DELETED events bound this list, so tokens are not kept at all.
    private var recording = false
    private let clock: CacheClock
    private let alarm: RenewalAlarm
    /// The part of a token's TTL after which it is renewed (`-token-renew-fraction`).
    nonisolated let renewFraction: Double

    init(
        clock: CacheClock, alarm: RenewalAlarm = RenewalAlarm(),
        renewFraction: Double = ProviderSettings.defaultTokenRenewFraction
    ) {
        self.clock = clock
        self.alarm = alarm
        self.renewFraction = renewFraction
    }

    /// Records a login's token; expired ones of the same pod are forgotten, and older ones of the same cache key are
    /// no longer renewed (still revoked with the pod): only the token Mounts use is kept alive, so renewal work stays
    /// bounded even with `-cache-size=0`, where every Mount logs in.
    func add(_ token: VaultToken, key: TokenCacheKey, vault: ResolvedVault) {
        guard recording, !key.podUID.isEmpty else { return }
        let now = clock.now()
        let ttl = token.leaseDuration
        var tokens = byPod[key.podUID, default: [:]].filter { $0.value.expires.map { now < $0 } ?? true }
        for (clientToken, held) in tokens where held.key == key { tokens[clientToken]?.nextRenewal = nil }
        tokens[token.clientToken] = Held(
            key: key, clientToken: token.clientToken, vault: vault,
            renewable: token.renewable && ttl > 0, increment: ttl, expires: ttl > 0 ? now + .seconds(ttl) : nil,
            nextRenewal: token.renewable && ttl > 0 ? renewalTime(after: now, ttl: ttl) : nil)
        byPod[key.podUID] = tokens
        if let next = tokens[token.clientToken]?.nextRenewal { alarm.announce(next) }
    }

    /// Starts keeping tokens: the watch runs, so deletions will end each pod's list.
    func startRecording() {
        recording = true
    }

    /// How many pods have tokens held.
    var podCount: Int { byPod.count }

    /// Removes and returns every token of a pod.
    func take(podUID: String) -> [Held] {
        guard let tokens = byPod.removeValue(forKey: podUID) else { return [] }
        return Array(tokens.values)
    }

    /// The tokens of `alive` pods whose renewal is due.
    func due(alive: Set<String>) -> [Held] {
        let now = clock.now()
        return alive.flatMap { uid in
            (byPod[uid] ?? [:]).values.filter { held in held.dueTime(at: now).map { $0 <= now } ?? false }
        }
    }

    /// When `due` will first return a token of `alive` pods (a past instant if it would now), or nil: never.
    func nextRenewal(alive: Set<String>) -> ContinuousClock.Instant? {
        let now = clock.now()
        return alive.flatMap { uid in (byPod[uid] ?? [:]).values.compactMap { $0.dueTime(at: now) } }.min()
    }

    /// A renewal granted `seconds`; `capped` (less than asked: the max TTL is near) ends renewing this token.
    func renewed(_ held: Held, seconds: Int, capped: Bool) {
        let now = clock.now()
        byPod[held.key.podUID]?[held.clientToken]?.expires = now + .seconds(seconds)
        byPod[held.key.podUID]?[held.clientToken]?.nextRenewal =
            capped ? nil : renewalTime(after: now, ttl: seconds)
    }

    /// Vault refused to renew: no more attempts for this token.
    func refused(_ held: Held) {
        byPod[held.key.podUID]?[held.clientToken]?.nextRenewal = nil
    }

    /// Tokens are renewed at `renewFraction` of their TTL (half by default), less a jitter: ahead of the token
    /// cache's own refresh (`VaultTokenCache`: two-thirds by default), so that a renewed token keeps serving Mounts.
    nonisolated func renewalTime(after now: ContinuousClock.Instant, ttl: Int) -> ContinuousClock.Instant {
        VaultLifetime.renewalTime(after: now, ttl: ttl, fraction: renewFraction)
    }
}

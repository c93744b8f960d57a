import ProviderValues
import VaultContract

/// Vault tokens by `TokenCacheKey`, least recently used evicted beyond `capacity`; concurrent logins for one key are
/// shared.
/// A token is reused until less than two-thirds of the part after its renewal remains (a third of its lease with the
/// default `-token-renew-fraction` of a half; at least 10 s), then a fresh login replaces it.
actor VaultTokenCache {
    /// A token and when it stops being worth reusing.
    struct Entry: Sendable {
        let token: VaultToken
        let obtained: ContinuousClock.Instant
        /// The part of the lease kept from the end: `VaultTokenCache.refreshMargin`.
        var margin = VaultTokenCache.refreshMargin(renewFraction: ProviderSettings.defaultTokenRenewFraction)

        /// When Vault expires the token (never for a lease of 0, a root-like token).
        var expires: ContinuousClock.Instant? {
            token.leaseDuration > 0 ? obtained + .seconds(token.leaseDuration) : nil
        }

        /// When the cache stops handing it out.
        var refreshAt: ContinuousClock.Instant? {
            guard token.leaseDuration > 0 else { return nil }
            let kept = max(Duration.seconds(10), .seconds(token.leaseDuration) * margin)
            return obtained + .seconds(token.leaseDuration) - kept
        }
    }

    /// A login in flight and the Mounts waiting for it; once every one of them was cancelled, so is the login.
    private struct Flight {
        let task: Task<Entry, any Error>
        var waiting = 0
        var cancelled = 0
    }

    private var entries: LRUCache<TokenCacheKey, Entry>
    private var inFlight: [TokenCacheKey: Flight] = [:]
    private let clock: CacheClock
    private let margin: Double

    /// `capacity` <= 0 disables caching (every mount logs in); tokens are renewed at `renewFraction` of their lease.
    init(
        capacity: Int, clock: CacheClock = .system,
        renewFraction: Double = ProviderSettings.defaultTokenRenewFraction
    ) {
        self.entries = LRUCache(capacity: capacity)
        self.clock = clock
        self.margin = Self.refreshMargin(renewFraction: renewFraction)
    }

    /// The part of a lease at its end in which a token is no longer handed out: two-thirds of what follows the
    /// renewal, so that the renewal (with its jitter) comes first.
    static func refreshMargin(renewFraction: Double) -> Double {
        (1 - renewFraction) * 2 / 3
    }

    /// A usable token for `key`: cached, joined from a login in flight, or from `login`; `cached` says it was reused.
    /// The login is shared by the Mounts that wait for it, and cancelled when all of them are (the driver went away).
    func token(for key: TokenCacheKey, login: @escaping @Sendable () async throws -> VaultToken) async throws -> (
        entry: Entry, cached: Bool
    ) {
        if let entry = entries.value(for: key), entry.refreshAt.map({ clock.now() < $0 }) ?? true {
            return (entry, true)
        }
        let task =
            inFlight[key]?.task
            ?? Task { [clock, margin] in Entry(token: try await login(), obtained: clock.now(), margin: margin) }
        inFlight[key, default: Flight(task: task)].waiting += 1
        let result = await withTaskCancellationHandler {
            await task.result
        } onCancel: {
            Task { await self.abandon(key, task) }
        }
        if inFlight[key]?.task == task {
            // The first waiter back ends the flight and keeps the token.
            inFlight[key] = nil
            if case .success(let entry) = result { entries.set(entry, for: key) }
        }
        return (try result.get(), false)
    }

    /// A waiter of `task` was cancelled; when it was the last, the login is cancelled and a later Mount starts afresh.
    private func abandon(_ key: TokenCacheKey, _ task: Task<Entry, any Error>) {
        guard var flight = inFlight[key], flight.task == task else { return }
        flight.cancelled += 1
        inFlight[key] = flight
        guard flight.cancelled >= flight.waiting else { return }
        inFlight[key] = nil
        task.cancel()
    }

    /// Forgets `key`'s token when it is still `clientToken` (Vault refused it).
    func invalidate(_ key: TokenCacheKey, clientToken: String) {
        guard entries.peek(key)?.token.clientToken == clientToken else { return }
        entries.remove(key)
    }

    /// A renewal gave `key`'s token (when it is still `token.clientToken`) a new lease from now.
    func renewed(_ key: TokenCacheKey, token: VaultToken) {
        guard entries.peek(key)?.token.clientToken == token.clientToken else { return }
        entries.set(Entry(token: token, obtained: clock.now(), margin: margin), for: key)
    }

    /// Forgets every token of a pod.
    func removeAll(podUID: String) {
        entries.removeAll { key, _ in key.podUID == podUID }
    }

    /// How many tokens are held.
    var count: Int { entries.count }
}

import Logging
import ProviderValues
import VaultContract

/// Renews, in the background, the Vault tokens and the renewable leases of pods the node's watch reports alive, as
/// Vault Agent does for its pod: so that a database user lasts up to the role's max TTL, and a token is renewed
/// instead of logging in again. At most `concurrency` renewals at once; a refusal or a capped renewal ends renewing
/// that entry (reuse then stops early enough for the next Mount to fetch fresh credentials).
struct Renewer: Sendable {
    let pods: NodePods
    /// Checked out for each renewal.
    let clients: any VaultConnector
    let credentials: PodCredentials
    let metrics: ProviderMetrics
    let logger: Logger
    /// The caches' clock, by which renewals come due.
    let clock: CacheClock
    /// Rung by the caches and the pod list when a renewal may come due sooner than planned.
    let alarm: RenewalAlarm
    var concurrency = 8
    /// Called after each pass of `run` with how many renewals it attempted (tests count passes).
    var passed: @Sendable (Int) -> Void = { _ in }

    /// The longest `run` sleeps between passes, even with nothing due.
    static let longestPause = Duration.seconds(60)
    /// How long `run` waits when a renewal is still due after a pass (it came due during the pass).
    static let retryPause = Duration.milliseconds(100)

    /// How long a renewal may take.
    static let requestTimeout = Duration.seconds(10)

    /// Renews everything due now; returns how many renewals were attempted.
    @discardableResult
    func renewDue() async -> Int {
        let alive = await pods.aliveSet
        guard !alive.isEmpty else { return 0 }
        let dueTokens = await credentials.held.due(alive: alive)
        let dueLeases = await credentials.leases.due(alive: alive)
        let jobs: [Job] = dueTokens.map(Job.token) + dueLeases.map(Job.lease)
        await BoundedConcurrency.forEach(jobs, limit: concurrency) { job in
            switch job {
            case .token(let token): await renew(token)
            case .lease(let lease): await renew(lease)
            }
        }
        return jobs.count
    }

    private enum Job: Sendable {
        case token(HeldTokens.Held)
        case lease(LeaseCache.DueRenewal)
    }

    /// Runs `renewDue` until cancelled, sleeping until the next renewal comes due (at most `longestPause`), or until
    /// the alarm rings sooner.
    func run() async {
        while !Task.isCancelled {
            passed(await renewDue())
            let next = await nextRenewal()
            let now = clock.now()
            await alarm.sleep(for: Self.pause(until: next, now: now), from: now)
        }
    }

    /// When the earliest renewal of an alive pod comes due, or nil.
    func nextRenewal() async -> ContinuousClock.Instant? {
        let alive = await pods.aliveSet
        guard !alive.isEmpty else { return nil }
        let token = await credentials.held.nextRenewal(alive: alive)
        let lease = await credentials.leases.nextRenewal(alive: alive)
        return [token, lease].compactMap { $0 }.min()
    }

    /// How long to sleep at `now` for a renewal due at `next`: until then (`retryPause` if already due), at most
    /// `longestPause`.
    static func pause(until next: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Duration {
        guard let next else { return longestPause }
        let wait = now.duration(to: next)
        return wait <= .zero ? retryPause : min(wait, longestPause)
    }

    private func renew(_ token: HeldTokens.Held) async {
        let request = VaultRequest(
            method: "POST", path: "/v1/auth/token/renew-self",
            body: JSONValue.object(["increment": .string("\(token.increment)s")]).canonicalJSON)
        do {
            let response = try await clients.send(
                request, to: token.vault, token: token.clientToken, deadline: .now + Self.requestTimeout)
            let renewed = try VaultToken(
                loginAnswer: response.body, url: request.path, boundAddress: token.vault.tokenAddress)
            let capped = renewed.leaseDuration < token.increment
            await credentials.held.renewed(token, seconds: renewed.leaseDuration, capped: capped)
            await credentials.tokens.renewed(token.key, token: renewed)
            await credentials.leases.tokenRenewed(token.clientToken, expires: .now + .seconds(renewed.leaseDuration))
            metrics.renewal(.token, result: capped ? "capped" : "ok")
            logger.debug(
                "Vault token renewed", metadata: ["seconds": "\(renewed.leaseDuration)", "capped": "\(capped)"])
        } catch {
            await credentials.held.refused(token)
            metrics.renewal(.token, result: "error")
            logger.warning(
                "could not renew a Vault token; the pod's next Mount logs in again", metadata: ["error": "\(error)"])
        }
    }

    private func renew(_ due: LeaseCache.DueRenewal) async {
        let renewal = due.renewal
        let body = JSONValue.object([
            "lease_id": .string(renewal.leaseID), "increment": .number(String(renewal.increment)),
        ])
        let request = VaultRequest(method: "PUT", path: "/v1/sys/leases/renew", body: body.canonicalJSON)
        do {
            let response = try await clients.send(
                request, to: renewal.vault, token: renewal.clientToken, deadline: .now + Self.requestTimeout)
            let answer = VaultAnswer(body: response.body)
            guard let seconds = VaultLifetime.seconds(answer.json?["lease_duration"]) else {
                throw VaultError.invalidResponse(url: request.path, problem: "the renewal holds no lease_duration")
            }
            let capped = seconds < renewal.increment
            await credentials.leases.renewed(due.key, seconds: seconds, capped: capped)
            metrics.renewal(.lease, result: capped ? "capped" : "ok")
            logger.debug(
                "lease renewed",
                metadata: ["request": "\(due.key.request)", "seconds": "\(seconds)", "capped": "\(capped)"])
        } catch {
            await credentials.leases.refused(due.key)
            metrics.renewal(.lease, result: "error")
            logger.warning(
                "could not renew a lease; the volume's next Mount fetches a new secret",
                metadata: [
                    "request": "\(due.key.request)", "error": "\(error)",
                ])
        }
    }
}

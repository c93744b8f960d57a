import Logging
import NIOSSL
import ProviderValues
import VaultContract

/// HTTP to Vault at one address, or several of one cluster, with one set of TLS settings: requests with retries
/// under a deadline, moving on to the next address when one fails (`FailoverRoute`, `FailoverState`).
package final class VaultHTTPClient: Sendable {
    /// The address requests go to, such as `https://vault:8200`; several are comma-separated.
    package let address: String
    /// The address as errors show it, without a trailing slash; several are comma-separated.
    package let displayAddress: String
    /// One per address, in the list's order.
    private let endpoints: [VaultEndpoint]
    /// Which address goes first.
    private let failover: FailoverState
    /// Whether a token may go to any address of the list (one cluster), else only to the one that issued it.
    private let addressesShareTokens: Bool
    private let retryPolicy: RetryPolicy
    /// `VAULT_CLIENT_TIMEOUT`: one request's limit, retries included.
    private let requestTimeout: Duration?
    private let limiter: VaultRequestLimiter?
    private let metrics: VaultMetrics
    private let logger: Logger

    /// Builds a client; TLS files are read here, once. `address` is `http(s)://host[:port]` or, for a Vault Agent
    /// or a Vault listener on a Unix socket, `unix:///path`, or several of them comma-separated (`VaultAddressList`).
    /// With a `limiter`, each attempt holds one of its permits while on the wire; `transport` says which proxy to
    /// use, how often to retry, how long a request may take and whether the addresses share tokens. `loadedTLS` is
    /// `tls` already read (`VaultTLS.configuration(for:)`), so that a pool can read files outside its actor; when
    /// nil, an https address reads them here. `now` is the clock of the failover's hold (tests move it).
    package init(
        address: String, tls: TLSSettings, loadedTLS: TLSConfiguration? = nil,
        transport: VaultTransportSettings = VaultTransportSettings(),
        limiter: VaultRequestLimiter? = nil, metrics: VaultMetrics = VaultMetrics(), logger: Logger,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) throws {
        guard let list = VaultAddressList(address) else {
            throw VaultError.invalidSettings("vaultAddress \"\(address)\" lists no address")
        }
        var endpoints: [VaultEndpoint] = []
        for element in list.addresses {
            endpoints.append(
                try VaultEndpoint(
                    address: element, tls: tls, loadedTLS: loadedTLS, transport: transport, metrics: metrics,
                    logger: logger))
        }
        self.endpoints = endpoints
        self.address = list.isFailover ? list.description : address
        self.displayAddress = endpoints.map(\.displayAddress).joined(separator: ",")
        self.failover = FailoverState(count: endpoints.count, hold: transport.failoverHold, now: now)
        self.addressesShareTokens = transport.addressesShareTokens
        self.retryPolicy = RetryPolicy(maxAttempts: transport.maxRetries + 1)
        self.requestTimeout = transport.requestTimeout
        self.limiter = limiter
        self.metrics = metrics
        self.logger = logger
    }

    /// Sends one request, retrying connection errors, 5xx and 429 and moving on to the next address after a
    /// connection or TLS failure, 502, 503 or 504; a non-2xx answer throws `VaultError.http`. Attempts are
    /// `VAULT_MAX_RETRIES` + 1, but at least one per address. A request with `onlyAddress` goes there only.
    package func send(
        _ request: VaultRequest, token: String?, namespace: String?, deadline callDeadline: ContinuousClock.Instant
    ) async throws -> VaultResponse {
        // Kept small: every request waiting for a permit holds this function's async frame, so the bookkeeping
        // between attempts is done in the synchronous `step`, on the thread's stack.
        let deadline = requestTimeout.map { min(callDeadline, ContinuousClock.now + $0) } ?? callDeadline
        var attempts = RequestAttempts(route: FailoverRoute(order: try order(for: request)), policy: retryPolicy)
        while true {
            let outcome = await attemptOnce(
                request, at: endpoints[attempts.route.current], token: token, namespace: namespace,
                deadline: deadline)
            switch step(after: outcome, of: request, attempts: &attempts, deadline: deadline) {
            case .answer(let response):
                return response
            case .fail(let error):
                throw error
            case .retry(let pause) where pause > .zero:
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    throw VaultError.cancelled
                }
            case .retry:
                continue
            }
        }
    }

    /// After an attempt at `attempts.route.current`: the answer, the error to throw, or the pause before the next
    /// attempt (the route then points at its address). Records the failover state, metrics and logs.
    private func step(
        after outcome: Result<VaultResponse, VaultError>, of request: VaultRequest, attempts: inout RequestAttempts,
        deadline: ContinuousClock.Instant
    ) -> RequestAttempts.Step {
        attempts.count += 1
        let index = attempts.route.current
        let endpoint = endpoints[index]
        let error: VaultError
        let failure: FailoverRoute.Failure?
        switch outcome {
        case .success(let response) where (200...299).contains(response.status):
            failover.answered(index)
            return .answer(tokenBound(response, to: endpoint))
        case .success(let response):
            error = VaultError(refusing: request, shownURL: endpoint.shownURL(request), response: response)
            failure = FailoverRoute.failure(status: response.status)
            if failure != .moveOn { failover.answered(index) }
        case .failure(let reason):
            error = reason
            failure = FailoverRoute.failure(reason)
        }
        attempts.record(error, at: index)
        // Fail fast when the answer is final: it is the most useful error.
        guard let failure else { return .fail(error) }
        guard attempts.count < attempts.maxAttempts, let next = attempts.route.next(after: failure) else {
            return .fail(attempts.everyFailure(last: error))
        }
        let pause = next.pause ? retryPolicy.delay(after: attempts.count) : .zero
        // Do not start an attempt that could not begin before the deadline: the last answer is the error.
        guard ContinuousClock.now + pause < deadline else { return .fail(attempts.everyFailure(last: error)) }
        if next.address != index {
            metrics.recordFailover(from: endpoint.displayAddress, to: endpoints[next.address].displayAddress)
            logger.debug(
                "moving on to the next Vault address",
                metadata: [
                    "request": "\(request)", "from": "\(endpoint.displayAddress)",
                    "to": "\(endpoints[next.address].displayAddress)",
                ])
        }
        logger.debug(
            "retrying Vault request", metadata: ["request": "\(request)", "attempt": "\(attempts.count + 1)"])
        return .retry(after: pause)
    }

    /// The addresses `request` may try, in order: all (the one that answered after a failover first), or its
    /// `onlyAddress` alone.
    private func order(for request: VaultRequest) throws -> [Int] {
        guard let only = request.onlyAddress else { return failover.order() }
        guard let index = endpoints.firstIndex(where: { $0.displayAddress == only }) else {
            throw VaultError.invalidSettings(
                "the Vault token is bound to \(only), which the address list \(displayAddress) does not hold")
        }
        return [index]
    }

    /// `response` marked with the address its token is bound to, when the addresses do not share tokens.
    private func tokenBound(_ response: VaultResponse, to endpoint: VaultEndpoint) -> VaultResponse {
        guard !addressesShareTokens, endpoints.count > 1 else { return response }
        return VaultResponse(status: response.status, body: response.body, tokenAddress: endpoint.displayAddress)
    }

    /// The statuses of one `GET /v1/sys/health` per address, asked at once, without retries or metrics; nil where
    /// Vault gave no HTTP answer. In the list's order.
    package func healthStatuses(timeout: Duration) async -> [(address: String, status: Int?)] {
        await withTaskGroup(of: (Int, Int?).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask { (index, await endpoint.healthStatus(timeout: timeout)) }
            }
            var statuses = [Int?](repeating: nil, count: endpoints.count)
            for await (index, status) in group { statuses[index] = status }
            return endpoints.indices.map { (endpoints[$0].address, statuses[$0]) }
        }
    }

    /// One attempt at `endpoint`, holding a permit of the limiter (if any) while it is on the wire.
    private func attemptOnce(
        _ request: VaultRequest, at endpoint: VaultEndpoint, token: String?, namespace: String?,
        deadline: ContinuousClock.Instant
    ) async -> Result<VaultResponse, VaultError> {
        guard let limiter else {
            return await endpoint.attempt(request, token: token, namespace: namespace, deadline: deadline)
        }
        do {
            return try await limiter.withPermit(for: endpoint.shareKey, deadline: deadline) {
                await endpoint.attempt(request, token: token, namespace: namespace, deadline: deadline)
            }
        } catch let error as VaultError {
            return .failure(error)
        } catch {
            return .failure(.cancelled)
        }
    }

    /// Closes the connections.
    package func shutdown() async {
        for endpoint in endpoints { await endpoint.shutdown() }
    }
}

extension FailoverRoute {
    /// What an HTTP answer that is not 2xx asks of the route; nil when it is final.
    static func failure(status: Int) -> Failure? {
        if [502, 503, 504].contains(status) { return .moveOn }
        return RetryPolicy.isRetryable(status: status) ? .retryHere : nil
    }

    /// What a failure without an answer asks of the route; nil when it is final.
    static func failure(_ error: VaultError) -> Failure? {
        switch error {
        case .unreachable: return .moveOn
        case .tls: return .dropAndMoveOn
        default: return nil
        }
    }
}

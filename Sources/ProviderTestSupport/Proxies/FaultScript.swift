import Synchronization

/// One request `FaultProxy` received, complete, and what it did with it.
package struct ProxiedRequest: Sendable, CustomStringConvertible {
    package let method: String
    /// The path with its query, as sent: `/v1/secret/data/app?version=2`.
    package let uri: String
    /// When the whole request (head and body) had arrived.
    package let arrival: ContinuousClock.Instant
    /// The fault applied, or nil when the request was forwarded unchanged.
    package let fault: ProxyFault?

    package var description: String { "\(method) \(uri)" + (fault.map { " [\($0)]" } ?? "") }
}

/// The proxy's rules and the log of what it saw; safe to change while requests flow.
final class FaultScript: Sendable {
    private struct Rule {
        let fault: ProxyFault
        let pathFragment: String
        var remaining: Int
    }

    private struct State {
        var rules: [Rule] = []
        var seen: [ProxiedRequest] = []
        var inFlight = 0
        var mostInFlight = 0
    }

    private let state = Mutex(State())

    func add(_ fault: ProxyFault, pathFragment: String, times: Int) {
        state.withLock { $0.rules.append(Rule(fault: fault, pathFragment: pathFragment, remaining: times)) }
    }

    func clear() {
        state.withLock { $0.rules.removeAll() }
    }

    /// Logs a request that has just arrived and spends one use of the first rule that matches it, if any.
    func arrived(method: String, uri: String) -> ProxyFault? {
        let arrival = ContinuousClock.now
        return state.withLock { state in
            let index = state.rules.firstIndex { $0.remaining > 0 && uri.contains($0.pathFragment) }
            let fault = index.map { state.rules[$0].fault }
            if let index { state.rules[index].remaining -= 1 }
            state.seen.append(ProxiedRequest(method: method, uri: uri, arrival: arrival, fault: fault))
            state.inFlight += 1
            state.mostInFlight = max(state.mostInFlight, state.inFlight)
            return fault
        }
    }

    /// A request that `arrived` has been answered, or its connection closed.
    func finished() {
        state.withLock { $0.inFlight -= 1 }
    }

    var seen: [ProxiedRequest] { state.withLock { $0.seen } }

    /// The most requests that were between arrival and answer at one time.
    var mostInFlight: Int { state.withLock { $0.mostInFlight } }
}

import Synchronization

/// A gate a test opens by hand: requests held at it (`VaultFault.hold`) wait until `open()`, and `held()` returns once
/// one is waiting there. An ordering of events, instead of a sleep racing a delay.
package final class VaultGate: Sendable {
    private struct State {
        var isOpen = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var holders = 0
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    package init() {}

    /// Lets every held request, and every later one, through.
    package func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for request in waiting { request.resume() }
    }

    /// Returns once a request is held at the gate (at once if one already is).
    package func held() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.holders > 0 { return true }
                state.watchers.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// A request's side: waits while the gate is closed.
    func pass() async {
        await withCheckedContinuation { continuation in
            let (through, watchers) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                if state.isOpen { return (true, []) }
                state.waiting.append(continuation)
                state.holders += 1
                defer { state.watchers = [] }
                return (false, state.watchers)
            }
            for watcher in watchers { watcher.resume() }
            if through { continuation.resume() }
        }
    }
}

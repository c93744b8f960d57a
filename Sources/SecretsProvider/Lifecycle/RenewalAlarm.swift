import Synchronization

/// Wakes the sleeping renewer early when a renewal may come due before it planned to wake: a token or lease stored
/// with an earlier renewal time, or a pod become alive. Instants are the cache clock's. One sleeper at a time.
final class RenewalAlarm: Sendable {
    private struct State {
        /// The earliest instant announced while the renewer was awake; it reads it when it goes to sleep.
        var announced: ContinuousClock.Instant?
        /// The sleeping renewer: when it plans to wake, and how to wake it sooner.
        var sleeper: (until: ContinuousClock.Instant, waiter: CheckedContinuation<Void, Never>)?
    }

    private let state = Mutex(State())

    init() {}

    /// Something may be due at `instant`: wakes the renewer if it sleeps past it.
    func announce(_ instant: ContinuousClock.Instant) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard let sleeper = state.sleeper else {
                state.announced = min(state.announced ?? instant, instant)
                return nil
            }
            guard instant < sleeper.until else { return nil }
            state.sleeper = nil
            return sleeper.waiter
        }
        waiter?.resume()
    }

    /// Sleeps `pause` from `now`; returns sooner on cancellation, or when an instant before `now + pause` is
    /// announced (or was, since the last sleep).
    func sleep(for pause: Duration, from now: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: pause) }
            group.addTask { await self.awaitAnnouncement(before: now + pause) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns once an instant before `until` is announced, or on cancellation.
    private func awaitAnnouncement(before until: ContinuousClock.Instant) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let wakeNow = state.withLock { state in
                    defer { state.announced = nil }
                    if Task.isCancelled || state.announced.map({ $0 < until }) ?? false { return true }
                    state.sleeper = (until, waiter)
                    return false
                }
                if wakeNow { waiter.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.sleeper = nil }
                return state.sleeper?.waiter
            }
            waiter?.resume()
        }
    }
}

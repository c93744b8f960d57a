import Synchronization

/// Which of a client's addresses a request tries first: the list's order, except that after a failover the address
/// that answered goes first for `hold` (30 s). Its later answers do not extend the hold, so once it has passed the
/// first address is tried again, and takes its traffic back when it answers.
package final class FailoverState: Sendable {
    /// How long an address that answered after a failover goes first.
    package static let defaultHold: Duration = .seconds(30)

    private struct Preference {
        let index: Int
        let until: ContinuousClock.Instant
    }

    private let count: Int
    private let hold: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let preference = Mutex<Preference?>(nil)

    /// State for `count` addresses; `now` is the clock the hold is measured by (tests move it forward).
    package init(
        count: Int, hold: Duration = FailoverState.defaultHold,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.count = count
        self.hold = hold
        self.now = now
    }

    /// The addresses' indices in the order a request tries them.
    package func order() -> [Int] {
        let all = Array(0..<count)
        let time = now()
        guard let preferred = preference.withLock({ $0 }), time < preferred.until else { return all }
        return [preferred.index] + all.filter { $0 != preferred.index }
    }

    /// The address at `index` answered (an answer that is no reason to move on): the first address clears the
    /// preference; another one goes first for `hold`, unless it already does.
    package func answered(_ index: Int) {
        let time = now()
        preference.withLock { preference in
            if index == 0 {
                preference = nil
            } else if let current = preference, current.index == index, time < current.until {
                return
            } else {
                preference = Preference(index: index, until: time + hold)
            }
        }
    }
}

import Synchronization
import Testing

@testable import VaultClient

/// The list's order, except that the address that answered after a failover goes first for the hold (30 s).
@Suite struct FailoverStateTests {
    /// A clock the test moves forward.
    final class MovedClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        func now() -> ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test func withoutAFailoverTheListsOrderHolds() {
        let state = FailoverState(count: 3)
        #expect(state.order() == [0, 1, 2])
        state.answered(0)
        #expect(state.order() == [0, 1, 2])
    }

    /// The one check of the default: 30 s, measured on a moved clock.
    @Test func theAddressThatAnsweredGoesFirstForThirtySecondsByDefault() {
        let clock = MovedClock()
        let state = FailoverState(count: 3, now: clock.now)
        #expect(FailoverState.defaultHold == .seconds(30))
        state.answered(2)
        #expect(state.order() == [2, 0, 1])
        clock.advance(.seconds(29) + .milliseconds(999))
        #expect(state.order() == [2, 0, 1])
        clock.advance(.milliseconds(1))
        #expect(state.order() == [0, 1, 2], "after 30 s the first address is tried first again")
    }

    @Test func furtherAnswersDoNotExtendTheHold() {
        let clock = MovedClock()
        let state = FailoverState(count: 2, hold: .seconds(2), now: clock.now)
        state.answered(1)
        clock.advance(.seconds(1))
        state.answered(1)
        clock.advance(.seconds(1))
        #expect(state.order() == [0, 1], "a busy second address would otherwise keep the traffic for ever")
    }

    @Test func anotherFailoverAfterTheHoldStartsANewOne() {
        let clock = MovedClock()
        let state = FailoverState(count: 2, hold: .seconds(2), now: clock.now)
        state.answered(1)
        clock.advance(.seconds(2))
        #expect(state.order() == [0, 1])
        state.answered(1)
        clock.advance(.seconds(1))
        #expect(state.order() == [1, 0])
    }

    @Test func anAnswerFromTheFirstAddressEndsTheHold() {
        let clock = MovedClock()
        let state = FailoverState(count: 2, now: clock.now)
        state.answered(1)
        state.answered(0)
        #expect(state.order() == [0, 1])
    }
}

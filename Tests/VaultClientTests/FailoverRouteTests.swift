import Testing

@testable import VaultClient

/// One request's way through the addresses: which address each attempt goes to, and when it pauses first.
@Suite struct FailoverRouteTests {
    @Test func oneAddressIsRetriedAfterAPauseWhateverTheFailure() {
        var route = FailoverRoute(order: [0])
        #expect(route.next(after: .moveOn)! == (0, true))
        #expect(route.next(after: .retryHere)! == (0, true))
        #expect(route.next(after: .dropAndMoveOn) == nil, "a TLS failure is final at the only address")
    }

    @Test func movingOnGoesToAnUntriedAddressAtOnceThenRoundAgainAfterAPause() {
        var route = FailoverRoute(order: [1, 0, 2])
        #expect(route.current == 1)
        #expect(route.next(after: .moveOn)! == (0, false))
        #expect(route.next(after: .moveOn)! == (2, false))
        #expect(route.next(after: .moveOn)! == (1, true))
    }

    @Test func aRetryableAnswerStaysAtItsAddress() {
        var route = FailoverRoute(order: [0, 1])
        #expect(route.next(after: .retryHere)! == (0, true))
        #expect(route.next(after: .moveOn)! == (1, false))
        #expect(route.next(after: .retryHere)! == (1, true))
    }

    @Test func anAddressThatFailedTLSIsNotTriedAgain() {
        var route = FailoverRoute(order: [0, 1])
        #expect(route.next(after: .dropAndMoveOn)! == (1, false))
        #expect(route.next(after: .moveOn)! == (1, true))
        #expect(route.next(after: .dropAndMoveOn) == nil)
    }

    @Test func failuresMoveOnOnlyFor502To504AndNoAnswer() {
        #expect(FailoverRoute.failure(status: 502) == .moveOn)
        #expect(FailoverRoute.failure(status: 503) == .moveOn)
        #expect(FailoverRoute.failure(status: 504) == .moveOn)
        #expect(FailoverRoute.failure(status: 500) == .retryHere)
        #expect(FailoverRoute.failure(status: 429) == .retryHere)
        #expect(FailoverRoute.failure(status: 403) == nil)
        #expect(FailoverRoute.failure(.unreachable(url: "u", reason: "r")) == .moveOn)
        #expect(FailoverRoute.failure(.tls(url: "u", reason: "r")) == .dropAndMoveOn)
        #expect(FailoverRoute.failure(.deadlineExceeded) == nil)
    }
}

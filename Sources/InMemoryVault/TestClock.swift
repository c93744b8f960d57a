import Foundation
import ProviderValues
import Synchronization

/// Time a test moves forward: the system's monotonic clock plus an offset. The in-memory Vault expires tokens and
/// leases by it, and the provider's caches go by it through `cacheClock`, so hours pass in a call.
package final class TestClock: Sendable {
    private let offset = Mutex(Duration.zero)

    package init() {}

    /// Now, as the test has moved it.
    package func now() -> ContinuousClock.Instant {
        ContinuousClock.now + offset.withLock { $0 }
    }

    /// Moves time forward by `amount`.
    package func advance(by amount: Duration) {
        offset.withLock { $0 += amount }
    }

    /// Seconds since 1970, as the test has moved them.
    package func unixTime() -> Double {
        Date().timeIntervalSince1970 + Double(offset.withLock { $0 }.wholeMilliseconds) / 1000
    }

    /// The provider's cache clock reading this one.
    package var cacheClock: CacheClock {
        CacheClock(now: { [self] in now() }, unixTime: { [self] in unixTime() })
    }
}

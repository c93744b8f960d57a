import SecretsProvider
import Synchronization

/// Time a test moves forward: the system's monotonic clock plus an offset. The in-memory Vault expires tokens and
/// leases by it, and the provider's caches go by it through `cacheClock`, so hours pass in a call.
public final class TestClock: Sendable {
    private let offset = Mutex(Duration.zero)

    public init() {}

    /// Now, as the test has moved it.
    public func now() -> ContinuousClock.Instant {
        ContinuousClock.now + offset.withLock { $0 }
    }

    /// Moves time forward by `amount`.
    public func advance(by amount: Duration) {
        offset.withLock { $0 += amount }
    }

    /// The provider's cache clock reading this one.
    public var cacheClock: CacheClock {
        CacheClock { [self] in now() }
    }
}

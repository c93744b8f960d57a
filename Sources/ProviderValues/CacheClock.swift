import FoundationEssentials

/// The time the token and lease caches go by: the system's clocks, or ones a test moves forward. Deadlines always use
/// the system clock.
public struct CacheClock: Sendable {
    /// The current instant.
    public let now: @Sendable () -> ContinuousClock.Instant
    /// Seconds since 1970, for the expiry times Vault writes into answers (a certificate's `expiration`).
    public let unixTime: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant, unixTime: @escaping @Sendable () -> Double) {
        self.now = now
        self.unixTime = unixTime
    }

    /// `ContinuousClock.now` and the wall clock.
    public static let system = CacheClock(now: { .now }, unixTime: { Date().timeIntervalSince1970 })
}

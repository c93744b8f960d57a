/// The time the token and lease caches go by: the system's monotonic clock, or one a test moves forward.
/// Deadlines always use the system clock.
public struct CacheClock: Sendable {
    /// The current instant.
    public let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    /// `ContinuousClock.now`.
    public static let system = CacheClock { .now }
}

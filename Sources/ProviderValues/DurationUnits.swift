extension Duration {
    /// Whole milliseconds, rounded toward zero: for logs, timeouts and headers.
    public var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds, rounded toward zero: for NIO deadlines and metric timers. Durations beyond about 292 years
    /// overflow; callers cap them first.
    public var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// Whole nanoseconds of at most a day: for a network deadline from a caller's budget, whatever the budget (a
    /// `grpc-timeout` may say 99,999,999 hours).
    public var nanosecondsWithinADay: Int64 {
        min(self, .seconds(86_400)).wholeNanoseconds
    }

    /// Milliseconds with their fraction, for reports.
    public var fractionalMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

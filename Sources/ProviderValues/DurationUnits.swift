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

    /// Milliseconds with their fraction, for reports.
    public var fractionalMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

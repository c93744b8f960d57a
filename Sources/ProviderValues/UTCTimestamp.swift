#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UTC time to the millisecond, formatted by hand for log lines and payload directory names.
///
/// Foundation's date formatting goes through ICU, which costs about 2 MiB of resident memory in an otherwise idle
/// daemon (docs/decisions.md, "Performance and memory").
public struct UTCTimestamp: Sendable, Equatable {
    public let year, month, day, hour, minute, second, millisecond: Int

    /// The current time.
    public static func now() -> UTCTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCTimestamp(secondsSinceEpoch: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec) / 1_000_000)
    }

    /// The time `secondsSinceEpoch` (since 1970, UTC) plus `milliseconds` (0-999).
    public init(secondsSinceEpoch: Int, milliseconds: Int) {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
        millisecond = milliseconds
    }

    /// RFC 3339 with milliseconds: `2026-11-28T05:28:43.044Z`.
    public var rfc3339: String {
        "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))T\(Self.padded(hour, 2)):"
            + "\(Self.padded(minute, 2)):\(Self.padded(second, 2)).\(Self.padded(millisecond, 3))Z"
    }

    /// To the second, with underscores, as Kubernetes names atomic-writer payloads: `2026_11_28_05_28_43`.
    public var underscored: String {
        [
            Self.padded(year, 4), Self.padded(month, 2), Self.padded(day, 2), Self.padded(hour, 2),
            Self.padded(minute, 2),
            Self.padded(second, 2),
        ].joined(separator: "_")
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

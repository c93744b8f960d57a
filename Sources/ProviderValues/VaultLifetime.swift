/// Lifetimes a Vault answer states (TTLs in seconds, expiry times in seconds since 1970), bounded before any
/// arithmetic: a server may send any JSON number (`1e300`, `9223372036854775807`, `-1`), and a conversion of one
/// out of range would trap. Nothing a cache keeps needs more than ten years.
public enum VaultLifetime {
    /// The longest TTL or validity taken from an answer: ten years.
    public static let maximumSeconds = 315_360_000

    /// A TTL in whole seconds from a JSON number, clamped to 0...`maximumSeconds` (fractions dropped); nil when the
    /// value is not a number.
    public static func seconds(_ value: JSONValue?) -> Int? {
        guard case .number(let literal)? = value, let number = Double(literal) else { return nil }
        return Int(exactly: clamped(number).rounded(.towardZero))
    }

    /// The seconds from `now` to `expiration` (both since 1970; `expiration` a JSON number), clamped to
    /// 0...`maximumSeconds`; nil when the value is not a number.
    public static func secondsUntil(_ expiration: JSONValue?, now: Double) -> Double? {
        guard case .number(let literal)? = expiration, let time = Double(literal) else { return nil }
        return clamped(time - now)
    }

    /// `seconds` within 0...`maximumSeconds`; NaN counts as 0.
    public static func clamped(_ seconds: Double) -> Double {
        guard !seconds.isNaN else { return 0 }
        return min(max(seconds, 0), Double(maximumSeconds))
    }

    /// When to renew something that lives `ttl` seconds from `now`: at `fraction` of it, less up to a tenth of the TTL
    /// as jitter (a fifth of `fraction` when that is less, so a small fraction never comes due at once), so that
    /// renewals obtained together spread out.
    public static func renewalTime(after now: ContinuousClock.Instant, ttl: Int, fraction: Double)
        -> ContinuousClock.Instant
    {
        let jitter = Double.random(in: 0...maximumJitter(for: fraction))
        let jittered = clamped(Double(ttl)) * max(0, fraction - jitter)
        return now + .milliseconds(Int64(jittered * 1000))
    }

    /// The most `renewalTime` comes before `fraction`, as a fraction of the TTL.
    public static func maximumJitter(for fraction: Double) -> Double {
        min(0.1, max(0, fraction) / 5)
    }
}

/// Go's duration syntax (`30s`, `1m30s`, `500ms`, `2h`), as used by duration flags.
public enum GoDuration {
    /// The duration `text` spells, or nil.
    public static func parse(_ text: String) -> Duration? {
        if text == "0" { return .zero }
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
        ]
        var rest = Substring(text)
        var seconds = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix(while: { !$0.isNumber && $0 != "." })
            guard let unit = units.first(where: { $0.0 == unitText }) else { return nil }
            rest = rest.dropFirst(unitText.count)
            seconds += value * unit.1
        }
        // Beyond about 292 years a duration has no nanosecond count: refused as malformed.
        guard seconds.isFinite, seconds * 1e9 < Double(Int64.max) else { return nil }
        return .nanoseconds(Int64(seconds * 1e9))
    }
}

/// A fraction flag's value (`-lease-renew-fraction`, `-token-renew-fraction`): `2/3` or `0.75`, strictly between 0
/// and 1.
package enum FractionFlag {
    /// What the usage error says a value must be.
    package static let expected = "a fraction strictly between 0 and 1, such as 2/3 or 0.75"

    /// The value of `text`, or nil when it is not a fraction strictly between 0 and 1.
    package static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let value: Double?
        switch parts.count {
        case 1:
            value = text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } ? Double(text) : nil
        case 2:
            guard let numerator = Int(parts[0]), let denominator = Int(parts[1]), denominator > 0 else { return nil }
            value = Double(numerator) / Double(denominator)
        default:
            value = nil
        }
        guard let value, value > 0, value < 1 else { return nil }
        return value
    }
}

import ProviderValues
import YAMLNodes

/// The value of a YAML scalar, resolved as the reference's YAML library (go-yaml v3) resolves scalars decoded into
/// untyped values: `true`/`false` in three spellings, `null`/`~`/empty, Go-syntax integers (`0x`, `0o`, `0b`, a
/// leading `0` for octal, `_` ignored), decimal floats. `yes`, `on` and timestamps stay strings; quoted scalars are
/// always strings.
///
/// `YAMLNodes` keeps every scalar as text; this types them.
enum YAMLScalar {
    /// Whether a node is a plain null (`null`, `Null`, `NULL`, `~` or nothing).
    static func isNull(_ node: YAMLNode) -> Bool {
        node.isNull
    }

    /// The JSON value of a scalar.
    static func value(of scalar: YAMLNode.Scalar) -> JSONValue {
        let text = scalar.text
        guard scalar.style == .plain else { return .string(text) }
        if nullSpellings.contains(text) { return .null }
        if trueSpellings.contains(text) { return .bool(true) }
        if falseSpellings.contains(text) { return .bool(false) }
        guard let first = text.utf8.first else { return .string(text) }
        if first == UInt8(ascii: "."), let double = decimalFloat(text) {
            return number(double, text: text)
        }
        guard
            first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return .string(text) }
        let digits = text.replacingAll("_", with: "")
        if let integer = goInteger(digits) { return .number(integer) }
        if let double = decimalFloat(digits) { return number(double, text: text) }
        return .string(text)
    }

    private static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]
    private static let trueSpellings: Set<String> = ["true", "True", "TRUE"]
    private static let falseSpellings: Set<String> = ["false", "False", "FALSE"]

    /// A finite number; infinities (too large a literal) stay the text they were.
    private static func number(_ double: Double, text: String) -> JSONValue {
        double.isFinite ? .number(JSONValue.literal(of: double)) : .string(text)
    }

    /// Go's `strconv.ParseInt`/`ParseUint` with base 0, as decimal digits: nil when not an integer or out of range.
    static func goInteger(_ text: String) -> String? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        var radix = 10
        let lowered = rest.lowercased()
        if lowered.hasPrefix("0x") {
            radix = 16
            rest = rest.dropFirst(2)
        } else if lowered.hasPrefix("0o") {
            radix = 8
            rest = rest.dropFirst(2)
        } else if lowered.hasPrefix("0b") {
            radix = 2
            rest = rest.dropFirst(2)
        } else if rest.count > 1, rest.first == "0" {
            radix = 8
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isHexDigit }),
            let magnitude = UInt64(rest, radix: radix)
        else {
            return nil
        }
        if !negative { return String(magnitude) }
        guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
        return magnitude == 0 ? "0" : "-" + String(magnitude)
    }

    /// A decimal float in go-yaml's shape: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    static func decimalFloat(_ text: String) -> Double? {
        var bytes = text.utf8[...]
        func digitRun() -> Int {
            let count = bytes.prefix(while: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }).count
            bytes = bytes.dropFirst(count)
            return count
        }
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let whole = digitRun()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = digitRun()
            guard whole > 0 || fraction > 0 else { return nil }
        } else if whole == 0 {
            return nil
        }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            guard digitRun() > 0 else { return nil }
        }
        guard bytes.isEmpty else { return nil }
        return Double(text)
    }
}

private extension String {
    func replacingAll(_ character: Character, with replacement: String) -> String {
        split(separator: character, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

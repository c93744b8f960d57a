/// How a stored value is decoded before it is written (`encoding`).
public enum Encoding: String, Sendable, Hashable {
    case utf8 = "utf-8"
    case base64
    case hex

    /// Parses the `encoding` field; empty means utf-8, case is ignored as the reference does.
    public init?(field: String) {
        switch field.lowercased() {
        case "", "utf-8": self = .utf8
        case "base64": self = .base64
        case "hex": self = .hex
        default: return nil
        }
    }
}

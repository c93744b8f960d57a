import FoundationEssentials
import ProviderValues

/// File modes: the request's `permission` JSON and the objects' `filePermission`.
public enum FilePermission {
    /// The default mode when a request carries none (0644).
    public static let defaultMode = 0o644

    /// Parses the request's `permission` field: the JSON of a decimal mode such as `"420"`.
    public static func parseRequest(_ text: String) throws -> Int {
        let trimmed = text.trimmingSpaces()
        if trimmed.isEmpty { return defaultMode }
        let digits =
            trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"") && trimmed.count >= 2
            ? String(trimmed.dropFirst().dropLast()) : trimmed
        guard let mode = Int(digits), (0...0o777).contains(mode) else {
            throw ConfigurationError.invalidPermission("\(Quoted(text)) is not a file mode between 0 and 511 (0777)")
        }
        return mode
    }

    /// Parses a YAML integer mode the way the reference does: `0640` and `0o640` are octal, a plain number decimal.
    public static func parseYAML(_ literal: String) -> Int? {
        var text = literal.replacing("_", with: "")
        var radix = 10
        if text.hasPrefix("0o") || text.hasPrefix("0O") {
            text.removeFirst(2)
            radix = 8
        } else if text.hasPrefix("0x") || text.hasPrefix("0X") {
            text.removeFirst(2)
            radix = 16
        } else if text.count > 1, text.hasPrefix("0") {
            radix = 8
        }
        guard !text.isEmpty, let mode = Int(text, radix: radix), (0...0o777).contains(mode) else { return nil }
        return mode
    }
}

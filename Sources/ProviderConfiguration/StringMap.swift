import FoundationEssentials
import ProviderValues

/// Parses the driver's JSON maps of strings (`attributes`, `secrets`).
enum StringMap {
    /// The map in `text`; `null` and empty text are an empty map when `allowNull`.
    static func parse(_ text: String, allowNull: Bool, error makeError: (String) -> ConfigurationError) throws
        -> [String: String]
    {
        let trimmed = text.trimmingWhitespace()
        if allowNull, trimmed.isEmpty || trimmed == "null" { return [:] }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Data(trimmed.utf8))
        } catch {
            throw makeError("not valid JSON")
        }
        guard case .object(let members) = value else { throw makeError("expected a JSON object of strings") }
        var map: [String: String] = [:]
        for (key, member) in members {
            guard let string = member.stringValue else {
                throw makeError("the value of \(Quoted(key)) must be a string")
            }
            map[key] = string
        }
        return map
    }

}

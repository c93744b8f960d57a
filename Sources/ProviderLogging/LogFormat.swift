import Logging
import ProviderValues

/// `-log-format`: JSON lines (the default, for log pipelines) or text (for humans). Both carry the same keys.
package enum LogFormat: String, Sendable, CaseIterable {
    case json, text

    /// A handler writing this format to standard output.
    package func handler(label: String, level: Logger.Level) -> any LogHandler {
        LineLogHandler(label: label, level: level, format: self)
    }

    /// One event as a line, newline included. JSON: `time`, `level`, `message`, `logger`, then the metadata, sorted.
    /// Text: `TIME LEVEL LOGGER: MESSAGE key=value ...`, keys sorted.
    func line(time: String, level: Logger.Level, logger: String, message: String, metadata: Logger.Metadata) -> String {
        let keys = metadata.keys.sorted()
        switch self {
        case .json:
            var line =
                "{\"time\":\(JSONValue.string(time).canonicalJSON),\"level\":\"\(level.rawValue)\","
                + "\"message\":\(JSONValue.string(message).canonicalJSON),"
                + "\"logger\":\(JSONValue.string(logger).canonicalJSON)"
            for key in keys {
                line += ",\(JSONValue.string(key).canonicalJSON):\(LogFormat.json(metadata[key]!).canonicalJSON)"
            }
            return line + "}\n"
        case .text:
            var line = "\(time) \(level.rawValue) \(logger): \(message)"
            for key in keys {
                line += " \(key)=\(LogFormat.quotedIfNeeded("\(metadata[key]!)"))"
            }
            return line + "\n"
        }
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let dictionary): return .object(dictionary.mapValues(json))
        }
    }

    /// A text value as is when it is one plain word, else as a JSON string: quoted, with `"` and `\` escaped, and
    /// newlines and every other control character escaped (`\n`, `\u001b`), so no value can fake a line or a
    /// terminal sequence.
    package static func quotedIfNeeded(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0.value != 0x7F }
        return plain ? value : JSONValue.string(value).canonicalJSON
    }
}

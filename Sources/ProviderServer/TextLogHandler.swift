import Logging
import ProviderConfiguration

/// A swift-log handler for humans (`-log-format=text`): `time level logger: message key=value ...`, keys sorted.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let output: JSONLogOutput

    public init(label: String, level: Logger.Level, output: JSONLogOutput = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new })
        var line = "\(UTCTimestamp.now().rfc3339) \(event.level.rawValue) \(label): \(event.message)"
        for key in merged.keys.sorted() {
            line += " \(key)=\(TextLogHandler.quotedIfNeeded("\(merged[key]!)"))"
        }
        output.write(line + "\n")
    }

    /// The value as is when it is one plain word, else quoted with `"` and `\` escaped and newlines shown as `\n`.
    package static func quotedIfNeeded(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0.value != 0x7F }
        if plain { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

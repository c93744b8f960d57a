import Logging

/// `-log-format`: JSON lines (the default, for log pipelines) or text (for humans).
public enum LogFormat: String, Sendable, CaseIterable {
    case json, text

    /// A handler writing this format to standard output.
    public func handler(label: String, level: Logger.Level) -> any LogHandler {
        switch self {
        case .json: return JSONLogHandler(label: label, level: level)
        case .text: return TextLogHandler(label: label, level: level)
        }
    }
}

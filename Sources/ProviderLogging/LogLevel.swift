import Logging

/// The reference's `-log-level` names: info, debug, trace, warn, error, off.
package enum LogLevel {
    /// The swift-log level for a name; nil for `off`; throws for an unknown name.
    package static func parse(_ name: String) -> Result<Logger.Level?, LogLevelError> {
        switch name.lowercased() {
        case "trace": return .success(.trace)
        case "debug": return .success(.debug)
        case "info": return .success(.info)
        case "warn", "warning": return .success(.warning)
        case "error": return .success(.error)
        case "off": return .success(nil)
        default: return .failure(LogLevelError(name: name))
        }
    }
}

/// An unknown `-log-level`.
package struct LogLevelError: Error, CustomStringConvertible {
    package let name: String
    package var description: String { "invalid log level \"\(name)\": use trace, debug, info, warn, error or off" }
}

import Logging
import ProviderValues

/// A swift-log handler writing one line per event in a `LogFormat`: JSON objects (the default) or text for humans.
package struct LineLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    private let label: String
    private let format: LogFormat
    private let output: LogOutput

    package init(label: String, level: Logger.Level, format: LogFormat, output: LogOutput = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.output = output
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new })
        output.write(
            format.line(
                time: UTCTimestamp.now().rfc3339, level: event.level, logger: label,
                message: "\(event.message)", metadata: merged))
    }
}

import Logging
import Synchronization

/// A log handler keeping every line's message and metadata, for tests to count.
struct PipelineLogs: LogHandler, Sendable {
    private final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    private let storage = Lines()
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        storage.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
    }

    /// The lines logged so far, as `<level> <message> <metadata>`.
    var lines: [String] { storage.lines.withLock { $0 } }
}

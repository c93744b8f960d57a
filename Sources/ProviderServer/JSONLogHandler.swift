import Foundation
import Logging
import ProviderConfiguration
import Synchronization

/// A swift-log handler writing one JSON object per line: `time`, `level`, `message`, `logger`, then the metadata.
public struct JSONLogHandler: LogHandler {
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
        var members: [String: JSONValue] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            members[key] = JSONLogHandler.json(value)
        }
        let time = UTCTimestamp.now().rfc3339
        var line = "{\"time\":\(JSONValue.string(time).canonicalJSON),\"level\":\"\(event.level.rawValue)\","
            + "\"message\":\(JSONValue.string("\(event.message)").canonicalJSON),\"logger\":\(JSONValue.string(label).canonicalJSON)"
        for key in members.keys.sorted() {
            line += ",\(JSONValue.string(key).canonicalJSON):\(members[key]!.canonicalJSON)"
        }
        line += "}\n"
        output.write(line)
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible): return .string(convertible.description)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let dictionary): return .object(dictionary.mapValues(json))
        }
    }
}

/// Where JSON log lines go; each line is written whole, under a lock.
public final class JSONLogOutput: Sendable {
    private let handle: Mutex<FileHandle>

    public init(handle: FileHandle) {
        self.handle = Mutex(handle)
    }

    /// Standard output.
    public static let standardOutput = JSONLogOutput(handle: .standardOutput)

    func write(_ line: String) {
        // The throwing write: a closed stdout must never crash the daemon.
        handle.withLock { try? $0.write(contentsOf: Data(line.utf8)) }
    }
}

import ProviderCommandLine
import Synchronization

/// A command's streams as buffers: what it wrote to standard output and error, and the input it reads.
final class CapturedStreams: Sendable {
    private let written = Mutex<(output: String, error: String)>(("", ""))
    private let input: [UInt8]

    init(input: String = "") {
        self.input = Array(input.utf8)
    }

    var streams: CommandStreams {
        CommandStreams(
            output: { text in self.written.withLock { $0.output += text } },
            error: { text in self.written.withLock { $0.error += text } },
            input: { self.input })
    }

    var output: String { written.withLock { $0.output } }
    var error: String { written.withLock { $0.error } }
}

/// The repository's root, from this file's path (Tests/ProviderCommandLineTests/...).
let repositoryRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

import ProviderValues
import Synchronization

/// Where log lines go; each line is written whole, under a lock.
package final class LogOutput: Sendable {
    private let stream: Mutex<StandardStream>

    package init(stream: StandardStream) {
        self.stream = Mutex(stream)
    }

    /// Standard output.
    package static let standardOutput = LogOutput(stream: .output)

    func write(_ line: String) {
        // A closed stdout fails the write, never the daemon.
        stream.withLock { _ = $0.write(line) }
    }
}

import Foundation
import Synchronization

/// Where log lines go; each line is written whole, under a lock.
public final class LogOutput: Sendable {
    private let handle: Mutex<FileHandle>

    public init(handle: FileHandle) {
        self.handle = Mutex(handle)
    }

    /// Standard output.
    public static let standardOutput = LogOutput(handle: .standardOutput)

    func write(_ line: String) {
        // The throwing write: a closed stdout must never crash the daemon.
        handle.withLock { try? $0.write(contentsOf: Data(line.utf8)) }
    }
}

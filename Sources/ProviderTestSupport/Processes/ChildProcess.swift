import Foundation

/// Runs a short-lived helper command (python, pip) to completion without blocking a concurrency thread.
enum ChildProcess {
    /// Runs `executable` with `arguments` and the caller's environment; throws with the output on a non-zero exit.
    static func run(_ executable: String, _ arguments: [String]) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("provider-test-support-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logURL = directory.appendingPathComponent("output.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            throw TestSupportError(
                "\(executable) \(arguments.joined(separator: " ")) exited with \(status):\n\(output.suffix(4000))")
        }
    }
}

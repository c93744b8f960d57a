import Foundation

/// The real `vault-csi-provider` binary running as a child process, its log captured in a file.
public final class ProviderProcess: Sendable {
    /// The socket it serves on.
    public let socketPath: String
    /// Where its stdout and stderr go.
    public let logPath: String
    private let process: Process

    /// Starts `executable` with `arguments` (plus `-endpoint=<socketPath>`) and waits until it has created its own socket.
    public static func start(executable: String, socketPath: String, arguments: [String], logPath: String,
                             environment: [String: String] = [:]) async throws -> ProviderProcess {
        // A socket already there belongs to an older instance: wait for ours (a stale regular file does not count).
        let previous = Self.isSocket(socketPath) ? Self.inode(of: socketPath) : nil
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-endpoint=\(socketPath)"] + arguments
        process.environment = environment.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { own, _ in own }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()
        let provider = ProviderProcess(socketPath: socketPath, logPath: logPath, process: process)
        let deadline = ContinuousClock.now + .seconds(30)
        while !Self.isSocket(socketPath) || Self.inode(of: socketPath) == previous {
            guard process.isRunning, ContinuousClock.now < deadline else {
                provider.terminate()
                throw TestSupportError("the provider did not start listening on \(socketPath):\n\(provider.logContents.suffix(4000))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return provider
    }

    private static func isSocket(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSocket
    }

    private static func inode(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.intValue
    }

    private init(socketPath: String, logPath: String, process: Process) {
        self.socketPath = socketPath
        self.logPath = logPath
        self.process = process
    }

    /// The process id of the running provider.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Everything the provider has logged so far.
    public var logContents: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    @discardableResult
    public func stop() async -> Int32 {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(40)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        terminate()
    }
}

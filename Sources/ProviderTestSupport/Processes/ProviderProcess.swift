import Foundation

/// The real `vault-csi-provider` binary running as a child process, its log captured in a file.
package final class ProviderProcess: Sendable {
    /// The socket it serves on.
    package let socketPath: String
    /// Where its stdout and stderr go.
    package let logPath: String
    private let process: Process

    /// Starts `executable` with `arguments` (plus `-endpoint=<socketPath>`; `-health-addr=127.0.0.1:0` unless
    /// `arguments` set one, so that instances never compete for a port; `-log-level=trace` unless they set a level, so
    /// that the leak watch sees everything) and waits until it has created its own socket. With `runAsUser`, it runs
    /// as that uid and gid with no supplementary groups (util-linux's setpriv), as a non-root DaemonSet runs it.
    package static func start(
        executable: String, socketPath: String, arguments: [String], logPath: String,
        environment: [String: String] = [:], runAsUser: Int? = nil
    ) async throws -> ProviderProcess {
        let sets = { (flag: String) in arguments.contains { $0.hasPrefix("-" + flag) || $0.hasPrefix("--" + flag) } }
        let defaults =
            (sets("health-addr") ? [] : ["-health-addr=127.0.0.1:0"])
            + (sets("log-level") || sets("debug") ? [] : ["-log-level=trace"])
        // A socket already there belongs to an older instance: wait for ours (a stale regular file does not count).
        let previous = Self.isSocket(socketPath) ? Self.inode(of: socketPath) : nil
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        LeakWatch.shared.watchFile(logPath, source: "the log of \(executable) \(arguments.first ?? "")")
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        let providerArguments = ["-endpoint=\(socketPath)"] + defaults + arguments
        if let runAsUser {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments =
                ["--reuid=\(runAsUser)", "--regid=\(runAsUser)", "--clear-groups", "--", executable] + providerArguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = providerArguments
        }
        process.environment = environment.merging([
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        ]) { own, _ in own }
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
                throw TestSupportError(
                    "the provider did not start listening on \(socketPath):\n\(provider.logContents.suffix(4000))")
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
    package var processIdentifier: Int32 { process.processIdentifier }

    /// The port of the health endpoint, from its "health endpoint listening" log line; waits up to 10 s for it.
    package func healthPort() async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            for line in logContents.split(separator: "\n") where line.contains("health endpoint listening") {
                if let range = line.range(of: #""port":""#) ?? line.range(of: "port="),
                    let port = Int(line[range.upperBound...].prefix(while: \.isNumber))
                {
                    return port
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("the provider logged no health endpoint port:\n\(logContents.suffix(4000))")
    }

    /// Everything the provider has logged so far.
    package var logContents: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Sends `signal` without waiting.
    package func send(signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit by itself; its exit status, or nil if it still runs after `timeout`.
    package func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    @discardableResult
    package func stop() async -> Int32 {
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

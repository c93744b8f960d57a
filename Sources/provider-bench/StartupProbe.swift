import Foundation
import ProviderTestSupport
import ProviderValues

/// Measurement (g): time from launching the provider to its first successful `Version` answer.
enum StartupProbe {
    /// Starts `executable` `count` times, one after the other, each on a new socket under `directory`;
    /// returns each start's time in milliseconds. Every process is stopped before the next starts, even on errors.
    static func measure(executable: String, arguments: [String], directory: String, count: Int) async throws -> [Double]
    {
        var times: [Double] = []
        for index in 0..<count {
            times.append(
                try await once(executable: executable, arguments: arguments, directory: "\(directory)/start-\(index)"))
        }
        return times
    }

    private static func once(executable: String, arguments: [String], directory: String) async throws -> Double {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let socket = "\(directory)/vault.sock"
        let logPath = "\(directory)/provider.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-endpoint=\(socket)"] + arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log

        let started = ContinuousClock.now
        try process.run()
        do {
            let deadline = started + .seconds(30)
            // Wait until the socket accepts connections: a refused gRPC connection would back off for a second.
            while !UnixSocketProbe.accepts(socket) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                    throw TestSupportError("the provider did not listen on \(socket):\n\(text.suffix(2000))")
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            let driver = try DriverClient(socketPath: socket)
            do {
                _ = try await driver.version()
            } catch {
                await driver.close()
                throw error
            }
            let elapsed = started.duration(to: .now)
            await driver.close()
            await stop(process)
            return elapsed.fractionalMilliseconds
        } catch {
            await stop(process)
            throw error
        }
    }

    /// SIGTERM, then SIGKILL after 10 s; waits for the exit.
    private static func stop(_ process: Process) async {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

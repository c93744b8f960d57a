import Foundation

/// Runs a short command to completion and captures what it printed (psql, openssl); blocks the calling thread.
package enum CommandRunner {
    /// A finished command: exit status and both output streams as text.
    package struct Output: Sendable {
        package let status: Int32
        package let stdout: String
        package let stderr: String
    }

    /// Runs `executable` with `arguments`; `environment` entries are added to (or replace) the caller's environment.
    package static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> Output
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Files, not pipes: a chatty command can never fill a pipe and stall.
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? err.close() }

        let process = try start(
            executable, arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            output: out, errors: err)
        process.waitUntilExit()
        let text = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return Output(status: process.terminationStatus, stdout: text(outURL), stderr: text(errURL))
    }

    /// Starts `executable` with stdin from /dev/null and its output into the given files; `environment` nil inherits
    /// this process's, and `directory` nil its working directory.
    package static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        output: FileHandle, errors: FileHandle
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw TestSupportError("could not run \(executable): \(error)")
        }
        return process
    }

    /// Like `run`, but throws with the command line and its stderr unless it exits 0; returns stdout.
    @discardableResult
    package static func check(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> String
    {
        let output = try run(executable, arguments, environment: environment)
        guard output.status == 0 else {
            throw TestSupportError(
                """
                \(executable) \(arguments.joined(separator: " ")) exited with \(output.status): \
                \(output.stderr.suffix(4000))
                """
            )
        }
        return output.stdout
    }
}

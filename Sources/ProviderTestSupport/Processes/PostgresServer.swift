import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway PostgreSQL cluster on a free loopback port with a password-protected superuser; stopped on `stop()` or
/// deinit.
package final class PostgresServer: Sendable {
    /// The TCP port on 127.0.0.1.
    package let port: Int
    /// The superuser's name.
    package let superuser: String
    /// The superuser's password (connections over TCP need it: scram-sha-256).
    package let password: String

    private let installation: PostgresInstallation
    private let process: Process
    private let directory: URL
    private let stopped = Mutex(false)

    private init(
        installation: PostgresInstallation, process: Process, directory: URL, port: Int, superuser: String,
        password: String
    ) {
        self.installation = installation
        self.process = process
        self.directory = directory
        self.port = port
        self.superuser = superuser
        self.password = password
    }

    deinit {
        stop()
    }

    /// Creates a cluster in a temporary directory and starts it; returns once it accepts connections.
    package static func start() async throws -> PostgresServer {
        let installation = try PostgresInstallation.locate()
        // /tmp when root: the `postgres` account must be able to reach the directory, whatever TMPDIR says.
        let base = installation.runuser == nil ? FileManager.default.temporaryDirectory : URL(fileURLWithPath: "/tmp")
        let directory = base.appendingPathComponent("postgres-\(UUID().uuidString.prefix(8))")
        let superuser = "postgres"
        let password = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        do {
            try prepare(directory, installation: installation)
            try await initialize(directory, installation: installation, superuser: superuser, password: password)
            var lastLog = ""
            for _ in 0..<5 {
                let port = try LoopbackPortFinder.freePortPair()
                let process = try launch(directory, installation: installation, port: port)
                let server = PostgresServer(
                    installation: installation, process: process, directory: directory, port: port,
                    superuser: superuser, password: password)
                do {
                    try await server.waitUntilReady(timeout: .seconds(60))
                    return server
                } catch let error as PortTaken {
                    server.halt()
                    lastLog = error.log
                } catch {
                    server.halt()
                    throw error
                }
            }
            throw TestSupportError("postgres could not bind a port in 5 attempts; last log:\n\(lastLog)")
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Runs one SQL command with psql as `user` over TCP and returns its unaligned, tuples-only output, trimmed.
    package func psql(_ sql: String, user: String, password: String) throws -> String {
        let output = try CommandRunner.run(
            installation.tool("psql"),
            [
                "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", "postgres", "-tAc",
                sql,
            ],
            environment: ["PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10", "PGSSLMODE": "disable"])
        guard output.status == 0 else {
            throw TestSupportError("psql as \(user) on port \(port) exited with \(output.status): \(output.stderr)")
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Fast shutdown (clients disconnected), then removes the cluster's directory; idempotent.
    package func stop() {
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        guard first else { return }
        halt()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Everything the server has logged so far.
    package var logContents: String {
        (try? String(contentsOf: directory.appendingPathComponent("postgres.log"), encoding: .utf8)) ?? ""
    }

    /// Stops the server process: SIGINT (fast shutdown) to the postmaster, SIGQUIT after 10 s, SIGKILL after 15 s.
    private func halt() {
        guard process.isRunning else { return }
        // The postmaster itself, not runuser: runuser would turn any signal into SIGTERM (smart shutdown, which
        // waits for OpenBao's pooled connections) and then SIGKILL.
        let postmaster = postmasterPID() ?? process.processIdentifier
        for (signal, wait) in [(SIGINT, 10.0), (SIGQUIT, 5.0)] {
            kill(postmaster, signal)
            if waitForExit(seconds: wait) { return }
        }
        kill(postmaster, SIGKILL)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            usleep(10_000)
        }
        return !process.isRunning
    }

    /// The first line of `postmaster.pid`.
    private func postmasterPID() -> pid_t? {
        let file = directory.appendingPathComponent("data/postmaster.pid")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let line = text.split(separator: "\n").first, let pid = pid_t(line), pid > 0
        else { return nil }
        return pid
    }

    /// Polls `pg_isready` until the server accepts connections; throws `PortTaken` if it exited over a taken port.
    private func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                let log = logContents
                if log.localizedCaseInsensitiveContains("address already in use") { throw PortTaken(log: log) }
                throw TestSupportError(
                    "postgres exited with status \(process.terminationStatus) before it was ready:\n\(log.suffix(4000))"
                )
            }
            if (try? await ChildProcess.run(
                installation.tool("pg_isready"), ["-q", "-h", "127.0.0.1", "-p", "\(port)", "-t", "2"])) != nil
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError(
            "postgres on port \(port) did not accept connections after \(timeout):\n\(logContents.suffix(4000))")
    }

    /// The cluster's directory (mode 0700, owned by `postgres` when root) with a socket folder inside.
    private static func prepare(_ directory: URL, installation: PostgresInstallation) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let socket = directory.appendingPathComponent("socket")
        try FileManager.default.createDirectory(
            at: socket, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try installation.giveToServerOwner(directory.path)
        try installation.giveToServerOwner(socket.path)
    }

    /// `initdb`: the superuser gets `password`; local socket connections trusted, TCP ones need scram-sha-256.
    private static func initialize(
        _ directory: URL, installation: PostgresInstallation, superuser: String, password: String
    ) async throws {
        let passwordFile = directory.appendingPathComponent("pwfile")
        guard
            FileManager.default.createFile(
                atPath: passwordFile.path, contents: Data((password + "\n").utf8),
                attributes: [.posixPermissions: 0o600])
        else {
            throw TestSupportError("could not write \(passwordFile.path)")
        }
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        try installation.giveToServerOwner(passwordFile.path)
        let command = installation.asServerOwner(
            "initdb",
            [
                "-D", directory.appendingPathComponent("data").path,
                "-U", superuser, "--pwfile=\(passwordFile.path)",
                "--auth-local=trust", "--auth-host=scram-sha-256",
                "--no-locale", "-E", "UTF8", "--no-sync",
            ])
        try await ChildProcess.run(command.executable, command.arguments)
    }

    /// Starts `postgres` on 127.0.0.1:`port`, its socket in the cluster's directory, tuned for throwaway speed.
    private static func launch(_ directory: URL, installation: PostgresInstallation, port: Int) throws -> Process {
        let logURL = directory.appendingPathComponent("postgres.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        let command = installation.asServerOwner(
            "postgres",
            [
                "-D", directory.appendingPathComponent("data").path,
                "-p", "\(port)",
                "-k", directory.appendingPathComponent("socket").path,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=16MB", "-c", "max_connections=50",
            ])
        return try CommandRunner.start(command.executable, command.arguments, output: log, errors: log)
    }

    /// postgres exited because its port was already taken.
    private struct PortTaken: Error {
        let log: String
    }
}

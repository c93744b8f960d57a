import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real OpenBao dev server (`bao server -dev`) on a free loopback port, stopped on `stop()` or deinit.
package final class OpenBaoServer: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8200`.
    package let address: String
    /// The dev server's root token.
    package let rootToken: String
    /// The extra TLS listeners' base URLs, such as `https://127.0.0.1:8300`, in the order they were asked for.
    package let tlsAddresses: [String]
    /// The Unix socket of the `listener "unix"` (as a Vault Agent serves one), when asked for: `unix://` + this path.
    package let unixSocketPath: String?

    private let process: Process
    private let directory: URL
    private let logURL: URL
    private let stopped = Mutex(false)

    private init(
        process: Process, directory: URL, logURL: URL, port: Int, tlsPorts: [Int], unixSocketPath: String?,
        rootToken: String
    ) {
        self.process = process
        self.directory = directory
        self.logURL = logURL
        self.address = "http://127.0.0.1:\(port)"
        self.tlsAddresses = tlsPorts.map { "https://127.0.0.1:\($0)" }
        self.unixSocketPath = unixSocketPath
        self.rootToken = rootToken
    }

    deinit {
        stop()
    }

    /// Starts a dev server, plus a TLS listener for each of `tlsListeners` (see `tlsAddresses`), and returns once
    /// `/v1/sys/health` answers 200 on the plain listener; retries on other ports if one was taken. With
    /// `unixSocket`, it also listens on a Unix socket (`unixSocketPath`).
    package static func start(tlsListeners: [TLSListener] = [], unixSocket: Bool = false) async throws -> OpenBaoServer
    {
        let binary = try await OpenBaoBinary.locate()
        var failures: [String] = []
        for _ in 0..<5 {
            // Every listener also takes its port + 1 for cluster traffic: pick pairs that do not overlap.
            var ports: [Int] = []
            while ports.count < 1 + tlsListeners.count {
                let candidate = try LoopbackPortFinder.freePortPair()
                if !ports.contains(where: { abs($0 - candidate) <= 1 }) { ports.append(candidate) }
            }
            let server = try launch(
                binary: binary, port: ports[0], tlsListeners: Array(zip(ports.dropFirst(), tlsListeners)),
                unixSocket: unixSocket)
            do {
                try await server.waitUntilHealthy(timeout: .seconds(30))
                return server
            } catch let error as PortTaken {
                server.stop()
                failures.append(error.log)
            } catch {
                server.stop()
                throw error
            }
        }
        throw TestSupportError("bao could not bind a port in 5 attempts; last log:\n\(failures.last ?? "")")
    }

    /// The raw audit log so far: one JSON entry per line, tokens and values unhashed.
    package var auditLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("audit.log"), encoding: .utf8)) ?? ""
    }

    /// The requests OpenBao has answered, from its audit log, as (operation, path) such as ("read", "secret/data/app").
    package func auditedRequests() -> [(operation: String, path: String)] {
        auditLog.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                entry["type"] as? String == "response",
                let request = entry["request"] as? [String: Any],
                let operation = request["operation"] as? String, let path = request["path"] as? String
            else { return nil }
            return (operation, path)
        }
    }

    /// When OpenBao answered each request for `path`, in order, as seconds since 1970 (the audit log's `time`).
    package func auditedTimes(_ path: String) -> [Double] {
        auditLog.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                entry["type"] as? String == "response",
                (entry["request"] as? [String: Any])?["path"] as? String == path,
                let time = entry["time"] as? String
            else { return nil }
            return Self.seconds(rfc3339: time)
        }
    }

    /// `2026-12-05T18:30:00.123456789Z` as seconds since 1970; nil for another shape.
    static func seconds(rfc3339 time: String) -> Double? {
        let parts = time.dropLast().split(separator: ".", maxSplits: 1)
        guard time.hasSuffix("Z"), let whole = parts.first,
            let date = ISO8601DateFormatter().date(from: whole + "Z")
        else { return nil }
        let fraction = parts.count == 2 ? Double("0." + parts[1]) ?? 0 : 0
        return date.timeIntervalSince1970 + fraction
    }

    /// Sends an HTTP request to the server (token defaults to the root token) and returns status and body.
    package func request(
        _ method: String,
        _ path: String,
        body: String? = nil,
        token: String? = nil,
        namespace: String? = nil
    ) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: address + path)
        request.method = HTTPMethod(rawValue: method.uppercased())
        request.headers.add(name: "X-Vault-Token", value: token ?? rootToken)
        if let namespace {
            request.headers.add(name: "X-Vault-Namespace", value: namespace)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(buffer: bytes))
    }

    /// Like `request` with the root token, but throws (with status and body) unless the status is 2xx.
    @discardableResult
    package func admin(_ method: String, _ path: String, body: String? = nil, namespace: String? = nil) async throws
        -> Data
    {
        let response = try await request(method, path, body: body, namespace: namespace)
        guard (200..<300).contains(response.status) else {
            let text = String(decoding: response.body, as: UTF8.self)
            throw TestSupportError("\(method) \(path) answered \(response.status): \(text)")
        }
        return response.body
    }

    /// Everything the server has written to stdout and stderr so far.
    package var logContents: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Terminates the server (SIGTERM, SIGKILL after 5 s) and removes its temporary directory; idempotent.
    package func stop() {
        let first = stopped.withLock { wasStopped in
            defer { wasStopped = true }
            return !wasStopped
        }
        guard first else { return }
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning, ContinuousClock.now < deadline {
                usleep(10_000)
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        if LeakWatch.shared.isEnabled { LeakWatch.shared.registerAuditedSecrets(auditLog, rootToken: rootToken) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Launches `bao server -dev` on `port` with a clean environment whose HOME is a fresh temporary directory.
    private static func launch(
        binary: URL, port: Int, tlsListeners: [(port: Int, listener: TLSListener)], unixSocket: Bool
    ) throws -> OpenBaoServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("openbao-\(port)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let logURL = directory.appendingPathComponent("bao.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        // A file audit device (declared in config: OpenBao refuses to enable one through the API) lets tests count
        // requests.
        // Raw (unhashed) entries show the leak watch every token and value OpenBao handed out.
        let configURL = directory.appendingPathComponent("audit.hcl")
        let auditPath = directory.appendingPathComponent("audit.log").path
        try "audit \"file\" \"test\" {\n  options {\n    file_path = \"\(auditPath)\"\n    log_raw = \"true\"\n  }\n}\n"
            .write(to: configURL, atomically: true, encoding: .utf8)
        // Extra listeners go into a second config file; dev mode merges every `-config`.
        let listenersURL = directory.appendingPathComponent("listeners.hcl")
        let socketPath = unixSocket ? directory.appendingPathComponent("bao.sock").path : nil
        let unixListener = socketPath.map { "listener \"unix\" {\n  address = \"\($0)\"\n  tls_disable = true\n}\n" }
        try (tlsListeners.map { $0.listener.hcl(port: $0.port) } + [unixListener].compactMap { $0 }).joined(
            separator: "\n"
        )
        .write(to: listenersURL, atomically: true, encoding: .utf8)

        let rootToken = "root"
        let arguments =
            [
                "server", "-dev",
                "-dev-root-token-id=\(rootToken)",
                "-dev-listen-address=127.0.0.1:\(port)",
                "-config=\(configURL.path)",
            ] + (tlsListeners.isEmpty && !unixSocket ? [] : ["-config=\(listenersURL.path)"])
        let process: Process
        do {
            // Only HOME: no VAULT_*/BAO_* settings leak in, and the dev token file lands in the temporary directory.
            process = try CommandRunner.start(
                binary.path, arguments, environment: ["HOME": directory.path], directory: directory,
                output: log, errors: log)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        return OpenBaoServer(
            process: process, directory: directory, logURL: logURL, port: port, tlsPorts: tlsListeners.map(\.port),
            unixSocketPath: socketPath, rootToken: rootToken)
    }

    /// Polls `/v1/sys/health` until 200; throws `PortTaken` if bao exited because its port was in use.
    private func waitUntilHealthy(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                let log = logContents
                if log.localizedCaseInsensitiveContains("address already in use") {
                    throw PortTaken(log: log)
                }
                throw TestSupportError(
                    "bao exited with status \(process.terminationStatus) before it was healthy:\n\(Self.tail(log))")
            }
            if let status = try? await healthStatus(), status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("bao at \(address) was not healthy after \(timeout):\n\(Self.tail(logContents))")
    }

    /// One `GET /v1/sys/health` with a short timeout.
    private func healthStatus() async throws -> Int {
        var request = HTTPClientRequest(url: address + "/v1/sys/health")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(2))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    private static func tail(_ log: String) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(40).joined(separator: "\n")
    }

    /// An extra `listener "tcp"` with TLS on 127.0.0.1, next to the dev server's plain one.
    package struct TLSListener: Sendable {
        /// PEM certificate (chain) the listener presents.
        package var certificateFile: String
        /// PEM private key of that certificate.
        package var keyFile: String
        /// When set, the listener requires a client certificate issued by a CA in this PEM file (mTLS).
        package var clientCAFile: String?

        /// A listener presenting `certificateFile`; with `clientCAFile` it requires and verifies client certificates.
        package init(certificateFile: String, keyFile: String, clientCAFile: String? = nil) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.clientCAFile = clientCAFile
        }

        /// The HCL stanza for this listener on `port` (cluster traffic on `port + 1`).
        func hcl(port: Int) -> String {
            var lines = [
                "listener \"tcp\" {",
                "  address = \"127.0.0.1:\(port)\"",
                "  cluster_address = \"127.0.0.1:\(port + 1)\"",
                "  tls_cert_file = \"\(certificateFile)\"",
                "  tls_key_file = \"\(keyFile)\"",
            ]
            if let clientCAFile {
                lines.append("  tls_require_and_verify_client_cert = true")
                lines.append("  tls_client_ca_file = \"\(clientCAFile)\"")
            }
            return (lines + ["}", ""]).joined(separator: "\n")
        }
    }

    /// bao exited because its listen or cluster port was already taken.
    private struct PortTaken: Error {
        let log: String
    }
}

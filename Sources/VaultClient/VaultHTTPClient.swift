import AsyncHTTPClient
import FoundationEssentials
import HTTPTransport
import Logging
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1
import NIOSSL
import ProviderValues
import ProxyEnvironment
import VaultContract

/// HTTP to one Vault address with one set of TLS settings: login and requests, with retries under a deadline.
package final class VaultHTTPClient: Sendable {
    /// The address requests go to, such as `https://vault:8200`.
    package let address: String
    /// Where requests go: `address`, or with `vaultTLSServerName` that name in place of the host.
    private let requestBase: String
    /// `address` without a trailing `/`: what error messages show.
    /// The address as errors show it, without a trailing slash.
    package let displayAddress: String
    /// The address as the request limiter shares permits by it.
    private let shareKey: String
    /// The name Vault's certificate is checked against.
    private let verifiedName: String
    private let hasClientCertificate: Bool
    /// The TLS configuration and name mapping, for the diagnostic connection after a closed TLS connection.
    private let tlsConfiguration: TLSConfiguration?
    private let dnsOverride: [String: String]
    private let client: HTTPClient
    private let retryPolicy: RetryPolicy
    /// `VAULT_CLIENT_TIMEOUT`: one request's limit, retries included.
    private let requestTimeout: Duration?
    /// The `Host` header for a Unix socket, where AsyncHTTPClient would send the encoded path, which Go's HTTP
    /// server refuses (400); nil for TCP addresses.
    private let socketHost: String?
    private let limiter: VaultRequestLimiter?
    private let metrics: VaultMetrics
    private let logger: Logger

    /// The largest response body accepted.
    static let maxResponseBytes = 8 << 20

    /// Builds a client; TLS files are read here, once. `address` is `http(s)://host[:port]` or, for a Vault Agent
    /// or a Vault listener on a Unix socket, `unix:///path`. With a `limiter`, each attempt holds one of its permits
    /// while on the wire; `transport` says which proxy to use, how often to retry and how long a request may take.
    /// `loadedTLS` is `tls` already read (`VaultTLS.configuration(for:)`), so that a pool can read files outside its
    /// actor; when nil, an https address reads them here.
    package init(
        address: String, tls: TLSSettings, loadedTLS: TLSConfiguration? = nil,
        transport: VaultTransportSettings = VaultTransportSettings(),
        limiter: VaultRequestLimiter? = nil, metrics: VaultMetrics = VaultMetrics(), logger: Logger
    ) throws {
        // Our RetryPolicy decides about retries (the factory's configuration never retries a refused connection).
        var configuration = HTTPClientFactory.configuration(tls: nil, proxy: nil)
        // HTTP/1.1 (plain http) needs a connection per concurrent request: AsyncHTTPClient's default of 8 per host
        // would read a mount's objects in waves below -max-concurrent-reads.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
        let trimmed = address.hasSuffix("/") ? String(address.dropLast()) : address
        displayAddress = trimmed
        shareKey = VaultRequestLimiter.shareKey(for: address)
        hasClientCertificate = tls.clientCertPath != nil
        let route: String
        if let socketPath = VaultAddress.unixSocketPath(address) {
            // AsyncHTTPClient speaks HTTP over a Unix socket with http+unix://<percent-encoded path> URLs.
            requestBase = "http+unix://" + VaultAddress.percentEncoded(socketPath)
            verifiedName = socketPath
            socketHost = "localhost"
            route = "unix socket"
        } else {
            guard let url = URL(string: address), let scheme = url.scheme?.lowercased(),
                ["http", "https"].contains(scheme),
                let host = url.host, !host.isEmpty
            else {
                throw VaultError.invalidSettings("vaultAddress \"\(address)\" is not an http(s) URL")
            }
            var base = trimmed
            socketHost = nil
            verifiedName = tls.serverName ?? host
            if scheme == "https" {
                configuration.tlsConfiguration = try loadedTLS ?? VaultTLS.configuration(for: tls)
                if tls.skipVerify != true {
                    // Every new connection, HTTP/1.1 or HTTP/2, is checked before it carries a request.
                    let identity = ReferenceIdentity(verifiedName)
                    configuration.http1_1ConnectionDebugInitializer = { identity.verify($0) }
                    configuration.http2ConnectionDebugInitializer = { identity.verify($0) }
                }
                if let serverName = tls.serverName, serverName != host {
                    // AsyncHTTPClient has no SNI setting: ask for the server name and resolve it to the real host.
                    configuration.dnsOverride[serverName] = host
                    base = base.replacing("://\(host)", with: "://\(serverName)")
                }
            }
            requestBase = base
            let port = url.port ?? (scheme == "https" ? 443 : 80)
            if let proxy = transport.proxy(scheme: scheme, host: host, port: port) {
                configuration.proxy = proxy.asyncHTTPClientProxy
                route = "\(scheme == "https" ? VaultHTTPClient.summary(of: tls) : "no TLS (http)") via proxy \(proxy)"
            } else {
                route = scheme == "https" ? VaultHTTPClient.summary(of: tls) : "no TLS (http)"
            }
        }
        self.tlsConfiguration = configuration.tlsConfiguration
        self.dnsOverride = configuration.dnsOverride
        self.address = address
        self.client = HTTPClientFactory.client(configuration)
        self.retryPolicy = RetryPolicy(maxAttempts: transport.maxRetries + 1)
        self.requestTimeout = transport.requestTimeout
        self.limiter = limiter
        self.metrics = metrics
        self.logger = logger
        logger.debug("vault client created", metadata: ["address": "\(address)", "route": "\(route)"])
    }

    /// Which TLS settings are in use, for logs: paths and names only.
    private static func summary(of tls: TLSSettings) -> String {
        var parts: [String] = []
        if let path = tls.caCertPath { parts.append("ca_cert=\(path)") }
        if let path = tls.caDirectory { parts.append("ca_directory=\(path)") }
        if let name = tls.serverName { parts.append("server_name=\(name)") }
        if let path = tls.clientCertPath { parts.append("client_cert=\(path)") }
        if tls.skipVerify == true { parts.append("skip_verify=true") }
        return parts.isEmpty ? "system trust roots" : parts.joined(separator: " ")
    }

    /// Sends one request, retrying connection errors, 5xx and 429; a non-2xx answer throws `VaultError.http`.
    package func send(
        _ request: VaultRequest, token: String?, namespace: String?, deadline callDeadline: ContinuousClock.Instant
    ) async throws -> VaultResponse {
        let deadline = requestTimeout.map { min(callDeadline, ContinuousClock.now + $0) } ?? callDeadline
        let url = requestBase + request.pathAndQuery
        let shownURL = displayAddress + request.shownPathAndQuery
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Result<VaultResponse, VaultError> = await attemptOnce(
                request, url: url, shownURL: shownURL, token: token, namespace: namespace, deadline: deadline)
            let error: VaultError
            let retryable: Bool
            switch outcome {
            case .success(let response) where (200...299).contains(response.status):
                return response
            case .success(let response):
                error = VaultError(refusing: request, shownURL: shownURL, response: response)
                retryable = RetryPolicy.isRetryable(status: response.status)
            case .failure(let failure):
                error = failure
                if case .unreachable = failure { retryable = true } else { retryable = false }
            }
            let pause = retryPolicy.delay(after: attempt)
            // Fail fast when the answer is final, the attempts are spent, or the next one could not start before the
            // deadline: the last answer is then the most useful error.
            guard retryable, attempt < retryPolicy.maxAttempts, ContinuousClock.now + pause < deadline else {
                throw error
            }
            logger.debug("retrying Vault request", metadata: ["request": "\(request)", "attempt": "\(attempt + 1)"])
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw VaultError.cancelled
            }
        }
    }

    /// The status of one `GET /v1/sys/health`, without retries or metrics; nil when Vault gave no HTTP answer.
    package func healthStatus(timeout: Duration) async -> Int? {
        var request = HTTPClientRequest(url: requestBase + "/v1/sys/health")
        request.method = .GET
        if let socketHost { request.headers.add(name: "Host", value: socketHost) }
        do {
            let response = try await client.execute(
                request, timeout: .milliseconds(timeout.wholeMilliseconds), logger: nil)
            _ = try? await response.body.collect(upTo: 64 << 10)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }

    /// One attempt, holding a permit of the limiter (if any) while it is on the wire.
    private func attemptOnce(
        _ request: VaultRequest, url: String, shownURL: String, token: String?, namespace: String?,
        deadline: ContinuousClock.Instant
    ) async -> Result<VaultResponse, VaultError> {
        guard let limiter else {
            return await attemptOnWire(
                request, url: url, shownURL: shownURL, token: token, namespace: namespace, deadline: deadline)
        }
        do {
            return try await limiter.withPermit(for: shareKey, deadline: deadline) {
                await attemptOnWire(
                    request, url: url, shownURL: shownURL, token: token, namespace: namespace, deadline: deadline)
            }
        } catch let error as VaultError {
            return .failure(error)
        } catch {
            return .failure(.cancelled)
        }
    }

    private func attemptOnWire(
        _ request: VaultRequest, url: String, shownURL: String, token: String?, namespace: String?,
        deadline: ContinuousClock.Instant
    ) async -> Result<VaultResponse, VaultError> {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return .failure(.deadlineExceeded) }
        if Task.isCancelled { return .failure(.cancelled) }
        var httpRequest = HTTPClientRequest(url: url)
        httpRequest.method = HTTPMethod(rawValue: request.method)
        httpRequest.headers.add(name: "Accept", value: "application/json")
        if let socketHost { httpRequest.headers.add(name: "Host", value: socketHost) }
        if let token { httpRequest.headers.add(name: "X-Vault-Token", value: token) }
        if let namespace, !namespace.isEmpty { httpRequest.headers.add(name: "X-Vault-Namespace", value: namespace) }
        httpRequest.headers.add(name: "X-Vault-Request", value: "true")
        if let body = request.body {
            httpRequest.headers.add(name: "Content-Type", value: "application/json")
            httpRequest.body = .bytes(ByteBuffer(string: body))
        }
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(
                httpRequest, deadline: .now() + .nanoseconds(remaining.nanosecondsWithinADay), logger: nil)
            let body = try await response.body.collect(upTo: VaultHTTPClient.maxResponseBytes)
            metrics.recordAttempt(
                method: request.method, status: Int(response.status.code), duration: started.duration(to: .now))
            logger.debug(
                "vault request",
                metadata: [
                    "request": "\(request)", "status": "\(response.status.code)",
                    "duration_ms": "\(started.duration(to: .now).wholeMilliseconds)",
                ])
            return .success(VaultResponse(status: Int(response.status.code), body: Data(buffer: body)))
        } catch {
            metrics.recordAttempt(method: request.method, status: nil, duration: started.duration(to: .now))
            if let error = error as? HTTPClientError, error == .remoteConnectionClosed,
                let reason = await diagnoseClosedConnection(deadline: deadline)
            {
                return .failure(.tls(url: shownURL, reason: reason))
            }
            return .failure(classify(error, url: shownURL))
        }
    }

    /// Why Vault closed a TLS connection before answering, when TLS is the reason; nil otherwise.
    ///
    /// A listener that wants a client certificate (or refuses ours) says so with a TLS alert after the TLS 1.3
    /// handshake, and AsyncHTTPClient's HTTP/2 connection setup drops that alert, leaving only "remote connection
    /// closed". One HTTP/1.1 request on a fresh connection surfaces the alert.
    private func diagnoseClosedConnection(deadline: ContinuousClock.Instant) async -> String? {
        guard let tlsConfiguration else { return nil }
        var configuration = HTTPClientFactory.configuration(tls: tlsConfiguration, proxy: nil)
        configuration.dnsOverride = dnsOverride
        configuration.httpVersion = .http1Only
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .milliseconds(50) else { return nil }
        let budget = min(remaining, .seconds(5))
        var request = HTTPClientRequest(url: requestBase + "/v1/sys/health")
        request.method = .HEAD
        let probe = HTTPClientFactory.client(configuration)
        var reason: String?
        do {
            let response = try await probe.execute(
                request, timeout: .milliseconds(budget.wholeMilliseconds), logger: nil)
            _ = try? await response.body.collect(upTo: 1 << 16)
        } catch {
            reason = VaultTLS.failureReason(error, serverName: verifiedName, hasClientCertificate: hasClientCertificate)
        }
        try? await probe.shutdown()
        return reason
    }

    private func classify(_ error: any Error, url: String) -> VaultError {
        switch HTTPFailure(error) {
        case .cancelled:
            return .cancelled
        case .deadlineExceeded:
            return .deadlineExceeded
        case .tooLarge:
            return .invalidResponse(
                url: url, problem: "the response body is larger than \(VaultHTTPClient.maxResponseBytes) bytes")
        case .tls, .unreachable:
            // VaultTLS words TLS failures, including those AsyncHTTPClient reports as its own errors.
            if let reason = VaultTLS.failureReason(
                error, serverName: verifiedName, hasClientCertificate: hasClientCertificate)
            {
                return .tls(url: url, reason: reason)
            }
            return .unreachable(url: url, reason: "\(error)")
        }
    }

    /// Closes the connections.
    package func shutdown() async {
        try? await client.shutdown()
    }
}

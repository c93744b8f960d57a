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

/// One address of a `VaultHTTPClient`: its connections, TLS check and route (proxy or socket), and single attempts.
final class VaultEndpoint: Sendable {
    /// The address as configured, such as `https://vault:8200`.
    let address: String
    /// The address as errors, logs and metric labels show it, without a trailing slash.
    let displayAddress: String
    /// Where requests go: `address`, or with `vaultTLSServerName` that name in place of the host.
    private let requestBase: String
    /// The address as the request limiter shares permits by it.
    let shareKey: String
    /// The name Vault's certificate is checked against.
    private let verifiedName: String
    private let hasClientCertificate: Bool
    /// The TLS configuration and name mapping, for the diagnostic connection after a closed TLS connection.
    private let tlsConfiguration: TLSConfiguration?
    private let dnsOverride: [String: String]
    private let client: HTTPClient
    /// The `Host` header for a Unix socket, where AsyncHTTPClient would send the encoded path, which Go's HTTP
    /// server refuses (400); nil for TCP addresses.
    private let socketHost: String?
    private let metrics: VaultMetrics
    private let logger: Logger

    /// The largest response body accepted.
    static let maxResponseBytes = 8 << 20

    /// `address` is `http(s)://host[:port]` or `unix:///path`; `loadedTLS` is `tls` already read, else an https
    /// address reads its files here.
    init(
        address: String, tls: TLSSettings, loadedTLS: TLSConfiguration?, transport: VaultTransportSettings,
        metrics: VaultMetrics, logger: Logger
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
                route = "\(scheme == "https" ? VaultEndpoint.summary(of: tls) : "no TLS (http)") via proxy \(proxy)"
            } else {
                route = scheme == "https" ? VaultEndpoint.summary(of: tls) : "no TLS (http)"
            }
        }
        self.tlsConfiguration = configuration.tlsConfiguration
        self.dnsOverride = configuration.dnsOverride
        self.address = address
        self.client = HTTPClientFactory.client(configuration)
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

    /// The status of one `GET /v1/sys/health`, without retries or metrics; nil when Vault gave no HTTP answer.
    func healthStatus(timeout: Duration) async -> Int? {
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

    /// The URL errors show for `request` here.
    func shownURL(_ request: VaultRequest) -> String {
        displayAddress + request.shownPathAndQuery
    }

    /// One attempt on the wire: Vault's answer, whatever its status, or why none came.
    func attempt(
        _ request: VaultRequest, token: String?, namespace: String?, deadline: ContinuousClock.Instant
    ) async -> Result<VaultResponse, VaultError> {
        let shownURL = shownURL(request)
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return .failure(.deadlineExceeded) }
        if Task.isCancelled { return .failure(.cancelled) }
        var httpRequest = HTTPClientRequest(url: requestBase + request.pathAndQuery)
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
            let body = try await response.body.collect(upTo: VaultEndpoint.maxResponseBytes)
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
                url: url, problem: "the response body is larger than \(VaultEndpoint.maxResponseBytes) bytes")
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
    func shutdown() async {
        try? await client.shutdown()
    }
}

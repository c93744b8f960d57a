import AsyncHTTPClient
import NIOPosix

/// An HTTP/1.1 reverse proxy on 127.0.0.1 in front of a real OpenBao that injects scripted faults.
///
/// Each complete request is logged (`requests`), then matched against the rules added with `inject`: the first
/// rule whose path fragment it contains and whose uses are not spent decides its `ProxyFault`. Anything else
/// goes to OpenBao unchanged and its answer is relayed.
package final class FaultProxy: Sendable {
    /// The port the proxy listens on (127.0.0.1).
    package let port: Int
    /// The proxy's base URL, `http://127.0.0.1:PORT`: the Vault address to give the provider.
    package var address: String { "http://127.0.0.1:\(port)" }

    private let script: FaultScript
    private let client: HTTPClient
    private let server: LoopbackHTTPServer

    private init(script: FaultScript, client: HTTPClient, server: LoopbackHTTPServer) {
        self.port = server.port
        self.script = script
        self.client = client
        self.server = server
    }

    deinit {
        client.shutdown { _ in }
    }

    /// Starts a proxy on an ephemeral loopback port in front of `upstream`, such as `http://127.0.0.1:8200`.
    package static func start(upstream: String) async throws -> FaultProxy {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        let target = FaultProxyUpstream(
            base: upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream, client: client)
        let script = FaultScript()
        do {
            let server = try await LoopbackHTTPServer.start(name: "fault proxy") {
                FaultProxyHandler(script: script, upstream: target)
            }
            return FaultProxy(script: script, client: client, server: server)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Applies `fault` to the next `times` requests whose path (with query) contains `fragment`; rules added
    /// earlier win. Without `times`, to every such request until `clearFaults()`.
    package func inject(_ fault: ProxyFault, onPathContaining fragment: String, times: Int = .max) {
        script.add(fault, pathFragment: fragment, times: times)
    }

    /// Drops every rule: from now on all requests reach OpenBao unchanged. The log of requests is kept.
    package func clearFaults() {
        script.clear()
    }

    /// Every complete request received so far, in arrival order.
    package var requests: [ProxiedRequest] { script.seen }

    /// The most requests the proxy held at one time (from arrival until answered): Vault's concurrent load.
    package var mostRequestsInFlight: Int { script.mostInFlight }

    /// The requests whose path (with query) contains `fragment`, in arrival order.
    package func requests(pathContaining fragment: String) -> [ProxiedRequest] {
        script.seen.filter { $0.uri.contains(fragment) }
    }

    /// Stops listening, closes every open connection and the upstream client.
    package func stop() async {
        await server.stop()
        try? await client.shutdown()
    }
}

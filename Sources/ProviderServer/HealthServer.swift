import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ProviderValues
import ServiceLifecycle

/// The HTTP endpoint on `-health-addr`: `/health/live`, `/health/ready` and `/metrics` (Prometheus text).
///
/// A small HTTP/1.1 server on SwiftNIO rather than Hummingbird: Hummingbird's per-second date header loads ICU
/// (through Foundation's calendar) and wakes the daemon every second; with it, idle RSS went from 23.7 to
/// 26.8 MiB (docs/decisions.md). One request per connection, answered with `Connection: close`.
package struct HealthServer: Service {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// How long a client may take to send its request.
    static let requestTimeout: Duration = .seconds(10)

    private let address: HealthAddress
    private let readiness: Readiness
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger

    package init(address: HealthAddress, readiness: Readiness, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.address = address
        self.readiness = readiness
        self.registry = registry
        self.logger = logger
    }

    package func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: address.host, port: address.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        logger.info(
            "health endpoint listening",
            metadata: [
                "health_addr": "\(server.channel.localAddress?.description ?? "?")",
                "port": "\(server.channel.localAddress?.port ?? 0)",
            ])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// Reads one request, answers it, closes the connection; a client that stalls is cut off.
    private func serve(_ connection: Connection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: HealthServer.requestTimeout)
                connection.channel.close(promise: nil)
            }
            group.addTask {
                try? await connection.executeThenClose { inbound, outbound in
                    var head: HTTPRequestHead?
                    for try await part in inbound {
                        switch part {
                        case .head(let requestHead): head = requestHead
                        case .body: continue
                        case .end:
                            guard let head else { return }
                            let answer = await self.answer(head)
                            let headers = HTTPHeaders([
                                ("Content-Type", answer.contentType),
                                ("Content-Length", "\(answer.body.readableBytes)"),
                                ("Connection", "close"),
                            ])
                            try await outbound.write(
                                .head(HTTPResponseHead(version: head.version, status: answer.status, headers: headers)))
                            if head.method != .HEAD { try await outbound.write(.body(.byteBuffer(answer.body))) }
                            try await outbound.write(.end(nil))
                            return
                        }
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private struct Answer {
        let status: HTTPResponseStatus
        let contentType: String
        let body: ByteBuffer

        static func text(_ text: String, _ status: HTTPResponseStatus = .ok) -> Answer {
            Answer(status: status, contentType: "text/plain; charset=utf-8", body: ByteBuffer(string: text))
        }
    }

    private func answer(_ head: HTTPRequestHead) async -> Answer {
        guard head.method == .GET || head.method == .HEAD else {
            return .text("method not allowed\n", .methodNotAllowed)
        }
        switch head.uri.prefix(while: { $0 != "?" }) {
        case "/health/live":
            return .text("ok\n")
        case "/health/ready":
            guard let problem = await readiness.check() else { return .text("ok\n") }
            return .text("not ready: \(problem)\n", .serviceUnavailable)
        case "/metrics":
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Answer(
                status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: ByteBuffer(bytes: bytes))
        default:
            return .text("not found: use /health/live, /health/ready or /metrics\n", .notFound)
        }
    }
}

import NIOCore
import NIOHTTP1
import NIOPosix

/// The test rig's HTTP/1.1 servers (the Kubernetes stand-in, the fault proxy): an ephemeral 127.0.0.1 port where
/// each connection gets NIO's codec, its request aggregator and a fresh handler taking whole requests. Every
/// connection is tracked, so `stop()` also closes the keep-alive ones.
final class LoopbackHTTPServer: Sendable {
    /// The port it listens on.
    let port: Int
    private let serverChannel: any Channel
    private let connections: ChannelRegistry

    private init(port: Int, serverChannel: any Channel, connections: ChannelRegistry) {
        self.port = port
        self.serverChannel = serverChannel
        self.connections = connections
    }

    deinit {
        serverChannel.close(promise: nil)
        for channel in connections.closeAll() { channel.close(promise: nil) }
    }

    /// Listens, giving each connection the handler `makeHandler` builds (its `InboundIn` is `NIOHTTPServerRequestFull`).
    static func start(name: String, makeHandler: @escaping @Sendable () -> any ChannelHandler) async throws -> LoopbackHTTPServer {
        let connections = ChannelRegistry()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                connections.register(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(NIOHTTPServerRequestAggregator(maxContentLength: 16 << 20))
                    try channel.pipeline.syncOperations.addHandler(makeHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw TestSupportError("the \(name) has no local port")
        }
        return LoopbackHTTPServer(port: port, serverChannel: channel, connections: connections)
    }

    /// Stops listening and closes every open connection.
    func stop() async {
        try? await serverChannel.close()
        for channel in connections.closeAll() {
            try? await channel.close()
        }
    }
}

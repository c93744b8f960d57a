import NIOCore
import NIOPosix

/// A TCP listener on an ephemeral 127.0.0.1 port that keeps every accepted connection, so that stopping it (or
/// dropping it) closes them all: the base of the tests' proxies and HTTP stand-ins.
final class LoopbackListener: Sendable {
    let port: Int
    /// The accepted connections and anything the owner registers along them (a proxy's upstream side).
    let connections: ChannelRegistry
    private let serverChannel: any Channel

    private init(port: Int, connections: ChannelRegistry, serverChannel: any Channel) {
        self.port = port
        self.connections = connections
        self.serverChannel = serverChannel
    }

    deinit {
        serverChannel.close(promise: nil)
        for channel in connections.closeAll() { channel.close(promise: nil) }
    }

    /// Listens; `initialize` sets up each accepted connection (already registered). `name` is for the error.
    static func start(
        name: String, autoRead: Bool = true,
        initialize: @escaping @Sendable (any Channel, ChannelRegistry) -> EventLoopFuture<Void>
    ) async throws -> LoopbackListener {
        let connections = ChannelRegistry()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.autoRead, value: autoRead)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { inbound in
                connections.register(inbound)
                return initialize(inbound, connections)
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw TestSupportError("the \(name) has no local port")
        }
        return LoopbackListener(port: port, connections: connections, serverChannel: channel)
    }

    /// Stops listening and closes every open connection.
    func stop() async {
        try? await serverChannel.close()
        for channel in connections.closeAll() { try? await channel.close() }
    }
}

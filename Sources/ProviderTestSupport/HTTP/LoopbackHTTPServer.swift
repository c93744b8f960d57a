import NIOCore
import NIOHTTP1
import NIOPosix

/// The test rig's HTTP/1.1 servers (the Kubernetes stand-in, the fault proxy): an ephemeral 127.0.0.1 port where
/// each connection gets NIO's codec, its request aggregator and a fresh handler taking whole requests. Every
/// connection is tracked, so `stop()` also closes the keep-alive ones.
final class LoopbackHTTPServer: Sendable {
    /// The port it listens on.
    var port: Int { listener.port }
    private let listener: LoopbackListener

    private init(listener: LoopbackListener) {
        self.listener = listener
    }

    /// Listens, giving each connection the handler `makeHandler` builds (its `InboundIn` is
    /// `NIOHTTPServerRequestFull`).
    static func start(name: String, makeHandler: @escaping @Sendable () -> any ChannelHandler) async throws
        -> LoopbackHTTPServer
    {
        let listener = try await LoopbackListener.start(name: name) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                try channel.pipeline.syncOperations.addHandler(
                    NIOHTTPServerRequestAggregator(maxContentLength: 16 << 20))
                try channel.pipeline.syncOperations.addHandler(makeHandler())
            }
        }
        return LoopbackHTTPServer(listener: listener)
    }

    /// Stops listening and closes every open connection.
    func stop() async {
        await listener.stop()
    }
}

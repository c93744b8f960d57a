import NIOCore
import NIOPosix
import ProviderValues

/// A loopback TCP proxy to `host:port` that holds every chunk for a fixed one-way delay in each direction.
///
/// It stands for a Vault a few milliseconds away: a request and its answer each wait `delay`, so a round trip
/// costs `2 * delay` more. Connection set-up itself is not delayed. Each accepted connection and its upstream
/// connection share one event loop, and chunks leave in the order they arrived.
package final class DelayProxy: Sendable {
    /// The port the proxy listens on (127.0.0.1).
    package var port: Int { listener.port }
    /// The proxy's address as a Vault address: `http://127.0.0.1:PORT`.
    package var address: String { "http://127.0.0.1:\(port)" }
    /// The delay added to each chunk in each direction.
    package let delay: Duration

    private let listener: LoopbackListener

    private init(listener: LoopbackListener, delay: Duration) {
        self.listener = listener
        self.delay = delay
    }

    /// Starts a proxy on an ephemeral loopback port forwarding to `targetHost:targetPort` with `delay` each way.
    package static func start(targetHost: String, targetPort: Int, delay: Duration) async throws -> DelayProxy {
        let amount = TimeAmount.nanoseconds(delay.wholeNanoseconds)
        let listener = try await LoopbackListener.start(name: "delay proxy", autoRead: false) { inbound, connections in
            connect(inbound, to: targetHost, port: targetPort, delay: amount, connections: connections)
            return inbound.eventLoop.makeSucceededVoidFuture()
        }
        return DelayProxy(listener: listener, delay: delay)
    }

    /// Stops listening and closes every open connection, both sides.
    package func stop() async {
        await listener.stop()
    }

    /// Opens the upstream connection on `inbound`'s event loop, joins the two with delaying handlers, then reads.
    private static func connect(
        _ inbound: any Channel, to host: String, port: Int, delay: TimeAmount, connections: ChannelRegistry
    ) {
        ClientBootstrap(group: inbound.eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: false)
            .connect(host: host, port: port)
            .whenComplete { result in
                switch result {
                case .success(let outbound):
                    connections.register(outbound)
                    do {
                        let (downstream, upstream) = DelayGlueHandler.pair(delay: delay)
                        try inbound.pipeline.syncOperations.addHandler(downstream)
                        try outbound.pipeline.syncOperations.addHandler(upstream)
                        inbound.setOption(.autoRead, value: true).whenComplete { _ in }
                        outbound.setOption(.autoRead, value: true).whenComplete { _ in }
                    } catch {
                        inbound.close(promise: nil)
                        outbound.close(promise: nil)
                    }
                case .failure:
                    inbound.close(promise: nil)
                }
            }
    }
}

import NIOCore
import NIOPosix
import Synchronization

/// An HTTP CONNECT proxy on 127.0.0.1 that counts its tunnels. It resolves the names it was given (say `vault.test`
/// to 127.0.0.1) and IP literals, nothing else: a request that reached a host by such a name went through it.
package final class ConnectProxy: Sendable {
    /// The port the proxy listens on (127.0.0.1).
    package var port: Int { listener.port }
    /// The proxy's URL, `http://127.0.0.1:PORT`: the value of `HTTPS_PROXY` and friends.
    package var url: String { "http://127.0.0.1:\(port)" }

    private let listener: LoopbackListener
    private let log: TunnelLog

    private init(listener: LoopbackListener, log: TunnelLog) {
        self.listener = listener
        self.log = log
    }

    /// The `host:port` of every tunnel opened so far, in order.
    package var tunnels: [String] { log.entries }

    /// Starts a proxy resolving the names in `hosts` (name to IP literal).
    package static func start(resolving hosts: [String: String]) async throws -> ConnectProxy {
        let log = TunnelLog()
        let listener = try await LoopbackListener.start(name: "CONNECT proxy") { inbound, connections in
            inbound.eventLoop.makeCompletedFuture {
                try inbound.pipeline.syncOperations.addHandler(
                    ConnectRequestHandler(hosts: hosts, connections: connections, log: log))
            }
        }
        return ConnectProxy(listener: listener, log: log)
    }

    /// Stops listening and closes every tunnel.
    package func stop() async {
        await listener.stop()
    }
}

/// The tunnels a proxy opened, in order.
final class TunnelLog: Sendable {
    private let state = Mutex<[String]>([])

    var entries: [String] { state.withLock { $0 } }

    func record(_ target: String) {
        state.withLock { $0.append(target) }
    }
}

/// Reads one `CONNECT host:port` request, opens the tunnel, answers 200 and joins the two connections.
final class ConnectRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let hosts: [String: String]
    private let connections: ChannelRegistry
    private let log: TunnelLog
    private var buffered = ByteBuffer()
    private var connecting = false

    init(hosts: [String: String], connections: ChannelRegistry, log: TunnelLog) {
        self.hosts = hosts
        self.connections = connections
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        buffered.writeBuffer(&chunk)
        guard !connecting, let text = buffered.getString(at: buffered.readerIndex, length: buffered.readableBytes),
            let end = text.firstRange(of: "\r\n\r\n")
        else { return }
        connecting = true
        let requestLine = text[..<end.lowerBound].split(separator: "\r\n").first.map(String.init) ?? ""
        buffered.moveReaderIndex(forwardBy: text[..<end.upperBound].utf8.count)
        let words = requestLine.split(separator: " ")
        guard words.count == 3, words[0] == "CONNECT", let colon = words[1].lastIndex(of: ":"),
            let port = Int(words[1][words[1].index(after: colon)...])
        else { return refuse(context, "405 Method Not Allowed") }
        let name = String(words[1][..<colon])
        let isIPLiteral = name.allSatisfy { $0.isNumber || $0 == "." }
        guard let address = hosts[name] ?? (isIPLiteral ? name : nil) else { return refuse(context, "502 Bad Gateway") }
        log.record("\(name):\(port)")
        context.channel.setOption(.autoRead, value: false).whenComplete { _ in }
        let inbound = context.channel
        let connections = self.connections
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.autoRead, value: false)
            .connect(host: address, port: port)
            .assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let outbound):
                    connections.register(outbound)
                    self.join(context, inbound: inbound, outbound: outbound)
                case .failure:
                    self.refuse(context, "502 Bad Gateway")
                }
            }
    }

    private func join(_ context: ChannelHandlerContext, inbound: any Channel, outbound: any Channel) {
        context.writeAndFlush(
            wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n")), promise: nil)
        do {
            let (downstream, upstream) = DelayGlueHandler.pair(delay: .zero)
            let leftover = buffered
            try outbound.pipeline.syncOperations.addHandler(upstream)
            if leftover.readableBytes > 0 { outbound.writeAndFlush(leftover, promise: nil) }
            try inbound.pipeline.syncOperations.addHandler(downstream)
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
            inbound.setOption(.autoRead, value: true).whenComplete { _ in }
            outbound.setOption(.autoRead, value: true).whenComplete { _ in }
        } catch {
            inbound.close(promise: nil)
            outbound.close(promise: nil)
        }
    }

    private func refuse(_ context: ChannelHandlerContext, _ status: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 \(status)\r\nContent-Length: 0\r\n\r\n")))
            .whenComplete { _ in context.close(promise: nil) }
    }
}

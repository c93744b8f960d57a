import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Takes one whole HTTP/1.1 request (NIO's aggregator collects it), applies the script's fault if one matches, and
/// otherwise relays OpenBao's answer.
final class FaultProxyHandler: ChannelInboundHandler {
    typealias InboundIn = NIOHTTPServerRequestFull
    typealias OutboundOut = HTTPServerResponsePart

    private let script: FaultScript
    private let upstream: FaultProxyUpstream
    /// The request being served, cancelled (a hold included) when the client goes away.
    private var serving: Task<Void, Never>?

    init(script: FaultScript, upstream: FaultProxyUpstream) {
        self.script = script
        self.upstream = upstream
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        let fault = script.arrived(method: request.head.method.rawValue, uri: request.head.uri)
        serving = Self.startServing(
            request.head, body: request.body ?? ByteBuffer(), fault: fault, upstream: upstream, script: script,
            on: context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        serving?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Starts `serve` in a task; a function of its own because Swift 6.3's region checker rejects the task inline.
    private static func startServing(
        _ request: HTTPRequestHead, body: ByteBuffer, fault: ProxyFault?, upstream: FaultProxyUpstream,
        script: FaultScript,
        on channel: any Channel
    ) -> Task<Void, Never> {
        Task {
            await serve(request, body: body, fault: fault, upstream: upstream, on: channel, finished: script.finished)
        }
    }

    /// Serves one request; `finished` is called once, before the answer is written, so that the request no longer
    /// counts as in flight by the time the client can send the next one.
    private static func serve(
        _ request: HTTPRequestHead, body: ByteBuffer, fault: ProxyFault?, upstream: FaultProxyUpstream,
        on channel: any Channel,
        finished: @Sendable () -> Void
    ) async {
        if let hold = fault?.hold, hold > .zero {
            guard (try? await Task.sleep(for: hold)) != nil else { return finished() }
        }
        guard channel.isActive else { return finished() }
        switch fault?.action ?? .forward {
        case .close:
            finished()
            channel.close(promise: nil)
        case .answer(let status, let json):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            finished()
            respond(
                to: request, status: HTTPResponseStatus(statusCode: status), headers: headers,
                body: ByteBuffer(string: json), on: channel)
        case .forward:
            let reply = await upstream.forward(request, body: body)
            finished()
            respond(to: request, status: reply.status, headers: reply.headers, body: reply.body, on: channel)
        }
    }

    private static func respond(
        to request: HTTPRequestHead, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer,
        on channel: any Channel
    ) {
        var headers = headers
        headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        if !request.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        channel.write(
            HTTPServerResponsePart.head(HTTPResponseHead(version: request.version, status: status, headers: headers)),
            promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(body)), promise: nil)
        let written = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !request.isKeepAlive { written.whenComplete { _ in channel.close(promise: nil) } }
    }
}

/// OpenBao behind the proxy: forwards a request unchanged and returns its answer.
struct FaultProxyUpstream: Sendable {
    let base: String
    let client: HTTPClient

    /// Headers that belong to one connection, not to the request or answer.
    private static let hopByHop: Set = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "host", "upgrade", "te", "trailer",
    ]

    func forward(_ request: HTTPRequestHead, body: ByteBuffer) async -> (
        status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer
    ) {
        var outgoing = HTTPClientRequest(url: base + request.uri)
        outgoing.method = request.method
        for (name, value) in request.headers where !Self.hopByHop.contains(name.lowercased()) {
            outgoing.headers.add(name: name, value: value)
        }
        if body.readableBytes > 0 { outgoing.body = .bytes(body) }
        do {
            let response = try await client.execute(outgoing, timeout: .seconds(60))
            let answer = try await response.body.collect(upTo: 16 << 20)
            var headers = HTTPHeaders()
            for (name, value) in response.headers where !Self.hopByHop.contains(name.lowercased()) {
                headers.add(name: name, value: value)
            }
            return (response.status, headers, answer)
        } catch {
            let json = JSONText.string(["errors": ["fault proxy: OpenBao did not answer: \(error)"]])
            return (.badGateway, ["Content-Type": "application/json"], ByteBuffer(string: json))
        }
    }
}

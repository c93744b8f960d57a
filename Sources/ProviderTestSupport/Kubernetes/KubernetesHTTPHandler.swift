import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Takes one whole HTTP/1.1 request (NIO's aggregator collects it), asks the router, and writes the JSON answer,
/// keeping the connection alive.
final class KubernetesHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = NIOHTTPServerRequestFull
    typealias OutboundOut = HTTPServerResponsePart

    private let router: KubernetesAPIRouter

    init(router: KubernetesAPIRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        if let watch = router.podWatch(
            method: request.head.method, uri: request.head.uri, headers: request.head.headers)
        {
            return router.pods.watch(
                node: watch.node, from: watch.resourceVersion, on: context.channel, version: request.head.version)
        }
        let response = router.handle(
            method: request.head.method, uri: request.head.uri, headers: request.head.headers,
            body: request.body.map { Data(buffer: $0) } ?? Data())
        respond(context: context, to: request.head, with: response)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(
        context: ChannelHandlerContext, to request: HTTPRequestHead, with response: KubernetesAPIResponse
    ) {
        let keepAlive = request.isKeepAlive
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(response.body.count))
        if !keepAlive {
            headers.add(name: "Connection", value: "close")
        } else if request.version.major == 1, request.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(data: response.body)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

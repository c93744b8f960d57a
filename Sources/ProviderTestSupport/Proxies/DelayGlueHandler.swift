import NIOCore

/// One side of a `DelayProxy` connection: what its channel reads goes to the partner's channel after `delay`, in order.
///
/// Both handlers of a pair live on the same event loop, so they call each other directly.
final class DelayGlueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Something waiting to leave on this handler's channel.
    private enum Item {
        case data(ByteBuffer)
        case close
    }

    private let delay: TimeAmount
    private var partner: DelayGlueHandler?
    private var context: ChannelHandlerContext?
    private var outgoing = CircularBuffer<(deadline: NIODeadline, item: Item)>()
    private var drainScheduled = false

    private init(delay: TimeAmount) {
        self.delay = delay
    }

    /// Two handlers joined to each other: one for the accepted connection, one for the upstream connection.
    static func pair(delay: TimeAmount) -> (DelayGlueHandler, DelayGlueHandler) {
        let first = DelayGlueHandler(delay: delay)
        let second = DelayGlueHandler(delay: delay)
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
        outgoing.removeAll()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.enqueue(.data(unwrapInboundIn(data)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.enqueue(.close)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Queues `item` to leave on this handler's channel `delay` from now.
    private func enqueue(_ item: Item) {
        guard let context else { return }
        outgoing.append((NIODeadline.now() + delay, item))
        scheduleDrain(on: context)
    }

    private func scheduleDrain(on context: ChannelHandlerContext) {
        guard !drainScheduled, let first = outgoing.first else { return }
        drainScheduled = true
        context.eventLoop.assumeIsolated().scheduleTask(deadline: first.deadline) { self.drain() }
    }

    /// Writes (then flushes) everything whose time has come, in arrival order, and schedules the rest.
    private func drain() {
        drainScheduled = false
        guard let context else { return }
        let now = NIODeadline.now()
        var wrote = false
        while let first = outgoing.first, first.deadline <= now {
            outgoing.removeFirst()
            switch first.item {
            case .data(let buffer):
                context.write(wrapOutboundOut(buffer), promise: nil)
                wrote = true
            case .close:
                if wrote { context.flush() }
                outgoing.removeAll()
                context.close(promise: nil)
                return
            }
        }
        if wrote { context.flush() }
        scheduleDrain(on: context)
    }
}

import NIOCore
import Synchronization

/// A test server's open client connections, so `stop()` can close keep-alive connections too.
final class ChannelRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Tracks `channel` until it closes; closes it at once if the registry is already closed.
    func register(_ channel: any Channel) {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.channels[ObjectIdentifier(channel)] = channel
            return true
        }
        guard accepted else {
            channel.close(promise: nil)
            return
        }
        let id = ObjectIdentifier(channel)
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { _ = $0.channels.removeValue(forKey: id) }
        }
    }

    /// Marks the registry closed and returns the channels still open.
    func closeAll() -> [any Channel] {
        state.withLock { state in
            state.closed = true
            defer { state.channels.removeAll() }
            return Array(state.channels.values)
        }
    }
}

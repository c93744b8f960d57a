import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The stand-in's pods and their watches, as the API server keeps them: every change gets the next resourceVersion
/// and becomes an event; a watch gets the events after its resourceVersion, then each new one as it happens. History
/// can be expired, so that resuming from an old resourceVersion gets `410 Gone` (an ERROR event), and open watches
/// can be broken mid-stream.
final class KubernetesPodStore: Sendable {
    struct Pod: Sendable {
        var name: String
        var namespace: String
        var uid: String
        var node: String
        var serviceAccount: String
        var phase: String
        var resourceVersion = 0

        var object: [String: Any] {
            [
                "kind": "Pod", "apiVersion": "v1",
                "metadata": [
                    "name": name, "namespace": namespace, "uid": uid, "resourceVersion": String(resourceVersion),
                ],
                "spec": ["nodeName": node, "serviceAccountName": serviceAccount],
                "status": ["phase": phase],
            ] as [String: Any]
        }
    }

    private struct Event {
        let resourceVersion: Int
        let type: String
        let pod: Pod
    }

    private struct Watch {
        let node: String
        let channel: any Channel
    }

    private struct State {
        var resourceVersion = 5000
        var pods: [String: Pod] = [:]
        var events: [Event] = []
        /// Resuming from before this resourceVersion is `410 Gone`.
        var oldestResumable = 0
        var watches: [ObjectIdentifier: Watch] = [:]
        var lists = 0
        var watchesStarted = 0
    }

    private let state = Mutex(State())

    // MARK: Changes

    func add(_ pod: Pod) {
        change(pod, type: "ADDED")
    }

    func setPhase(uid: String, phase: String) {
        guard var pod = state.withLock({ $0.pods[uid] }) else { return }
        pod.phase = phase
        change(pod, type: "MODIFIED")
    }

    func delete(uid: String) {
        guard let pod = state.withLock({ $0.pods[uid] }) else { return }
        change(pod, type: "DELETED")
    }

    private func change(_ pod: Pod, type: String) {
        let (event, targets) = state.withLock { state -> (Event, [any Channel]) in
            state.resourceVersion += 1
            var pod = pod
            pod.resourceVersion = state.resourceVersion
            if type == "DELETED" { state.pods[pod.uid] = nil } else { state.pods[pod.uid] = pod }
            let event = Event(resourceVersion: state.resourceVersion, type: type, pod: pod)
            state.events.append(event)
            return (event, state.watches.values.filter { $0.node == pod.node }.map(\.channel))
        }
        for channel in targets { Self.send(Self.line(event), on: channel) }
    }

    // MARK: Faults

    /// Closes every open watch mid-stream, without an end: as a load balancer or an API server restart would.
    func breakWatches() {
        let channels = state.withLock { state -> [any Channel] in
            defer { state.watches = [:] }
            return state.watches.values.map(\.channel)
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Forgets the event history: open watches get a `410 Gone` ERROR event and end, and resuming from any earlier
    /// resourceVersion is refused the same way, so the client must list again.
    func expireHistory() {
        let channels = state.withLock { state -> [any Channel] in
            state.events = []
            state.oldestResumable = state.resourceVersion + 1
            defer { state.watches = [:] }
            return state.watches.values.map(\.channel)
        }
        for channel in channels {
            Self.send(Self.goneLine(), on: channel)
            Self.end(channel)
        }
    }

    /// Writes `bytes` bytes of one line that never ends to every open watch: a broken or hostile API server.
    func sendUnendingLine(bytes: Int) {
        let channels = state.withLock { $0.watches.values.map(\.channel) }
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 64 << 10)
        for channel in channels {
            for _ in 0..<(bytes / chunk.count + 1) { Self.send(chunk, on: channel) }
        }
    }

    // MARK: The API

    /// `GET /api/v1/pods?fieldSelector=spec.nodeName=<node>[&limit=N][&continue=T]`: a PodList, in pages of `limit`
    /// with a `continue` token while more remain (the token is `<resourceVersion>/<offset>`, as opaque to clients as
    /// the API server's; the pages are cut from the current pods, which is enough for a stand-in).
    func list(node: String?, limit: Int? = nil, continue token: String? = nil) -> KubernetesAPIResponse {
        let (pods, version) = state.withLock { state -> ([Pod], Int) in
            state.lists += 1
            return (
                state.pods.values.filter { node == nil || $0.node == node }.sorted { $0.name < $1.name },
                state.resourceVersion
            )
        }
        let parts = token?.split(separator: "/")
        let offset = parts.flatMap { $0.count == 2 ? Int($0[1]) : nil } ?? 0
        let listVersion = parts.flatMap { $0.count == 2 ? Int($0[0]) : nil } ?? version
        let page = limit.map { Array(pods.dropFirst(offset).prefix(max(1, $0))) } ?? pods
        var metadata: [String: Any] = ["resourceVersion": String(listVersion)]
        if let limit, offset + max(1, limit) < pods.count {
            metadata["continue"] = "\(listVersion)/\(offset + max(1, limit))"
        }
        return .json(
            .ok,
            ["kind": "PodList", "apiVersion": "v1", "metadata": metadata, "items": page.map(\.object)] as [String: Any])
    }

    /// `GET /api/v1/pods?watch=true&resourceVersion=N&fieldSelector=...`: writes the head, then the events after N, and
    /// keeps `channel` for new ones; an N older than the history gets one `410 Gone` ERROR event and the end.
    func watch(node: String?, from resourceVersion: Int, on channel: any Channel, version: HTTPVersion) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        channel.write(
            HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: .ok, headers: headers)), promise: nil
        )
        let backlog = state.withLock { state -> [Event]? in
            state.watchesStarted += 1
            guard resourceVersion >= state.oldestResumable - 1 else { return nil }
            state.watches[ObjectIdentifier(channel)] = Watch(node: node ?? "", channel: channel)
            return state.events.filter { $0.resourceVersion > resourceVersion && (node == nil || $0.pod.node == node) }
        }
        guard let backlog else {
            Self.send(Self.goneLine(), on: channel)
            return Self.end(channel)
        }
        for event in backlog { Self.send(Self.line(event), on: channel) }
        channel.flush()
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { _ = $0.watches.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    var lists: Int { state.withLock { $0.lists } }
    var watchesStarted: Int { state.withLock { $0.watchesStarted } }

    private static func line(_ event: Event) -> Data {
        JSONText.data(["type": event.type, "object": event.pod.object] as [String: Any]) + Data("\n".utf8)
    }

    private static func goneLine() -> Data {
        JSONText.data(
            [
                "type": "ERROR",
                "object": [
                    "kind": "Status", "apiVersion": "v1", "metadata": [String: Any](), "status": "Failure",
                    "message": "too old resource version", "reason": "Expired", "code": 410,
                ] as [String: Any],
            ] as [String: Any]) + Data("\n".utf8)
    }

    private static func send(_ line: Data, on channel: any Channel) {
        channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(data: line))), promise: nil)
    }

    /// Ends the chunked answer and the connection, as the API server ends a watch.
    private static func end(_ channel: any Channel) {
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
    }
}

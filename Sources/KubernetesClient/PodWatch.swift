import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import NIOHTTP1
import ProviderValues

/// A pod as the node's watch sees it.
package struct PodState: Sendable, Equatable {
    package let uid: String
    package let name: String
    package let namespace: String
    package let phase: String

    /// Pending or Running: the pod may still mount and use its secrets.
    package var isAlive: Bool { phase == "Pending" || phase == "Running" || phase.isEmpty }
}

/// One event of a pod watch.
package enum PodEvent: Sendable, Equatable {
    case changed(PodState)
    case deleted(PodState)
    /// The resourceVersion is too old (`410 Gone`): list again.
    case expired
}

extension KubernetesAPIClient {
    /// The pods of `node` (`fieldSelector=spec.nodeName=<node>`, all namespaces) and the list's resourceVersion, read
    /// in
    /// pages of `pageSize` (`limit` and `continue`), so that no answer nears the response limit however many pods.
    package func listPods(node: String, pageSize: Int = 500, deadline: ContinuousClock.Instant) async throws
        -> (pods: [PodState], resourceVersion: String)
    {
        var pods: [PodState] = []
        var resourceVersion: String?
        var token: String?
        for _ in 0..<Self.maxPodListPages {
            var path = "/api/v1/pods?limit=\(pageSize)&fieldSelector=" + Self.nodeSelector(node)
            if let token { path += "&continue=" + Self.percentEncoded(token) }
            let (status, answer) = try await get(path, deadline: deadline)
            guard (200...299).contains(status.code) else { throw KubernetesError.from(status: status, body: answer) }
            guard let list = try? JSONDecoder().decode(PodListObject.self, from: Data(answer)) else {
                throw KubernetesError.invalidResponse("the pod list of node \(node) is not a PodList")
            }
            pods += (list.items ?? []).compactMap(\.state)
            resourceVersion = resourceVersion ?? list.metadata?.resourceVersion
            guard let next = list.metadata?.continue, !next.isEmpty else { return (pods, resourceVersion ?? "") }
            token = next
        }
        throw KubernetesError.invalidResponse(
            "the pod list of node \(node) has more than \(Self.maxPodListPages) pages")
    }

    /// Pages of a pod list read at most: 100 pages of 500 is far beyond any node.
    static let maxPodListPages = 100

    /// Watches the pods of `node` from `resourceVersion`: each event with the resourceVersion to resume from. The
    /// stream ends when the server ends the watch (after `timeoutSeconds`, or when it closes it), and throws when
    /// the connection breaks.
    package func watchPods(node: String, resourceVersion: String, timeoutSeconds: Int = 300) -> AsyncThrowingStream<
        (PodEvent, String?), any Error
    > {
        let path =
            "/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=\(resourceVersion)"
            + "&timeoutSeconds=\(timeoutSeconds)&fieldSelector=" + Self.nodeSelector(node)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await stream(
                        try makeRequest(.GET, path), timeout: .seconds(timeoutSeconds + 30),
                        path: "/api/v1/pods?watch=true")
                    if response.status == .gone {
                        continuation.yield((.expired, nil))
                        return continuation.finish()
                    }
                    guard response.status == .ok else {
                        let body = try await response.body.collect(upTo: 1 << 20)
                        throw KubernetesError.from(status: response.status, body: Array(buffer: body))
                    }
                    // One event a line; a line may not pass the response limit (a pod is far smaller).
                    var pending: [UInt8] = []
                    for try await chunk in response.body {
                        var searchFrom = pending.count
                        pending += chunk.readableBytesView
                        while let newline = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                            let line = Data(pending[..<newline])
                            pending.removeSubrange(...newline)
                            searchFrom = 0
                            if let event = try Self.event(line) { continuation.yield(event) }
                        }
                        guard pending.count <= Self.maxResponseBytes else {
                            throw KubernetesError.invalidResponse(
                                "/api/v1/pods?watch=true: a watch event longer than \(Self.maxResponseBytes) bytes")
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Every byte but ASCII letters and digits as `%XX`: what `addingPercentEncoding(withAllowedCharacters:
    /// .alphanumerics)` gave for the ASCII tokens the API server sends.
    static func percentEncoded(_ text: String) -> String {
        PercentEncoding.encode(text)
    }

    private static func nodeSelector(_ node: String) -> String {
        "spec.nodeName%3D"
            + node.utf8.map { byte in
                let character = Character(Unicode.Scalar(byte))
                if byte < 0x80,
                    character.isLetter || character.isNumber || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                {
                    return String(character)
                }
                let hex = String(byte, radix: 16, uppercase: true)
                return "%" + (hex.count == 1 ? "0" + hex : hex)
            }.joined()
    }

    /// One line of a watch: an event, or nil for a bookmark or a line to skip.
    private static func event(_ line: Data) throws -> (PodEvent, String?)? {
        guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { return nil }
        guard let event = try? JSONDecoder().decode(WatchEventObject.self, from: line) else {
            throw KubernetesError.invalidResponse("a pod watch event is not JSON")
        }
        let version = event.object.metadata?.resourceVersion
        switch event.type {
        case "ADDED", "MODIFIED": return event.object.state.map { (.changed($0), version) }
        case "DELETED": return event.object.state.map { (.deleted($0), version) }
        case "BOOKMARK": return nil
        case "ERROR" where event.object.code == 410: return (.expired, nil)
        default:
            throw KubernetesError.invalidResponse(
                "the pod watch ended with \(event.type) \(event.object.message ?? "")")
        }
    }
}

/// The fields of a pod, a PodList and a watch event the provider reads.
struct PodObject: Decodable {
    struct Metadata: Decodable {
        let uid: String?
        let name: String?
        let namespace: String?
        let resourceVersion: String?
    }

    struct Status: Decodable {
        let phase: String?
    }

    let metadata: Metadata?
    let status: Status?
    /// A `kind: Status` error's code and message, in an ERROR event.
    let code: Int?
    let message: String?

    private enum CodingKeys: String, CodingKey {
        case metadata, status, code, message
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try? container.decodeIfPresent(Metadata.self, forKey: .metadata)
        // A pod's status is an object; a Status error's is the string "Failure".
        status = try? container.decodeIfPresent(Status.self, forKey: .status)
        code = try? container.decodeIfPresent(Int.self, forKey: .code)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
    }

    var state: PodState? {
        guard let uid = metadata?.uid, !uid.isEmpty else { return nil }
        return PodState(
            uid: uid, name: metadata?.name ?? "", namespace: metadata?.namespace ?? "", phase: status?.phase ?? "")
    }
}

struct PodListObject: Decodable {
    struct Metadata: Decodable {
        let resourceVersion: String?
        /// The token for the next page, while more remain.
        let `continue`: String?
    }

    let metadata: Metadata?
    let items: [PodObject]?
}

struct WatchEventObject: Decodable {
    let type: String
    let object: PodObject
}

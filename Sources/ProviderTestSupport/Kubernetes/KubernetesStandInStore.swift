import Foundation
import Synchronization

/// The stand-in's mutable state (stored Secrets, call counters), guarded by a mutex.
final class KubernetesStandInStore: Sendable {
    private struct State {
        var secrets: [String: Data] = [:]
        var resourceVersion = 1000
        var tokenRequests = 0
        var tokenReviews = 0
    }

    private let state = Mutex(State())

    /// The stored Secret object's JSON, or nil.
    func secret(namespace: String, name: String) -> Data? {
        state.withLock { $0.secrets[Self.key(namespace, name)] }
    }

    /// Stores a new Secret after stamping `metadata.resourceVersion`; nil when the name is taken.
    func createSecret(namespace: String, name: String, object: [String: Any]) -> Data? {
        state.withLock { state -> Data? in
            let key = Self.key(namespace, name)
            guard state.secrets[key] == nil else { return nil }
            state.resourceVersion += 1
            var object = object
            var metadata = object["metadata"] as? [String: Any] ?? [:]
            metadata["resourceVersion"] = String(state.resourceVersion)
            object["metadata"] = metadata
            let data = JSONText.data(object)
            state.secrets[key] = data
            for case let value as String in (object["data"] as? [String: Any] ?? [:]).values {
                LeakWatch.shared.registerSecret(value, kind: "Kubernetes Secret value")
            }
            return data
        }
    }

    /// Removes a stored Secret.
    func deleteSecret(namespace: String, name: String) {
        state.withLock { _ = $0.secrets.removeValue(forKey: Self.key(namespace, name)) }
    }

    /// Counts a TokenRequest call.
    func countTokenRequest() {
        state.withLock { $0.tokenRequests += 1 }
    }

    /// Counts a TokenReview call.
    func countTokenReview() {
        state.withLock { $0.tokenReviews += 1 }
    }

    /// TokenRequest calls so far.
    var tokenRequests: Int { state.withLock { $0.tokenRequests } }

    /// TokenReview calls so far.
    var tokenReviews: Int { state.withLock { $0.tokenReviews } }

    private static func key(_ namespace: String, _ name: String) -> String {
        "\(namespace)/\(name)"
    }
}

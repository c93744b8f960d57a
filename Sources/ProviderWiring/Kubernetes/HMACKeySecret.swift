import FoundationEssentials
import KubernetesClient

/// The Secret that holds the object-version HMAC key (data key `key`, 32 bytes): read the same way by the daemon,
/// which creates it on first use, and by the `mount` command, which only reads it.
enum HMACKeySecret {
    /// What the Secret held.
    enum Reading {
        case missing
        case malformed
        case key(Data)
    }

    static let dataKey = "key"
    static let keyBytes = 32

    /// Reads Secret `namespace/name`; throws what the API call threw.
    static func read(client: KubernetesAPIClient, namespace: String, name: String, deadline: ContinuousClock.Instant)
        async throws -> Reading
    {
        guard let data = try await client.getSecret(namespace: namespace, name: name, deadline: deadline) else {
            return .missing
        }
        guard let key = data[dataKey], key.count == keyBytes else { return .malformed }
        return .key(Data(key))
    }

    /// A new random key.
    static func freshKey() -> Data {
        Data((0..<keyBytes).map { _ in UInt8.random(in: .min ... .max) })
    }
}

import FoundationEssentials
import KubernetesClient
import ProviderConfiguration
import SecretsProvider

/// The object-version HMAC key in an immutable Secret (data key `key`, 32 bytes) in the provider's namespace,
/// created on first use; when another node wins the create race, its key is read back.
package struct KubernetesVersionKeySource: VersionKeySource {
    private let client: KubernetesAPIClient
    private let namespace: String
    private let name: String

    package init(client: KubernetesAPIClient, namespace: String, secretName: String) {
        self.client = client
        self.namespace = namespace
        self.name = secretName
    }

    package func loadKey(deadline: ContinuousClock.Instant) async throws -> Data {
        if let key = try await existingKey(deadline: deadline) { return key }
        let fresh = HMACKeySecret.freshKey()
        if try await client.createSecret(
            namespace: namespace, name: name, data: [HMACKeySecret.dataKey: Array(fresh)], immutable: true,
            deadline: deadline)
        {
            return fresh
        }
        guard let key = try await existingKey(deadline: deadline) else {
            throw MountError(.internal, "secret \(namespace)/\(name) already exists but cannot be read")
        }
        return key
    }

    private func existingKey(deadline: ContinuousClock.Instant) async throws -> Data? {
        switch try await HMACKeySecret.read(client: client, namespace: namespace, name: name, deadline: deadline) {
        case .missing: return nil
        case .key(let key): return key
        case .malformed:
            throw MountError(
                .internal, "secret \(namespace)/\(name) has no 32-byte \"key\"; delete it and the provider recreates it"
            )
        }
    }
}

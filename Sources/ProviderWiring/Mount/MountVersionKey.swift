import FoundationEssentials
import KubernetesClient
import SecretsProvider

/// The object-version HMAC key of a laptop mount: the cluster's, read (never created) from its Secret, else a
/// random local one. Either way the key is fixed before the mount, so versions are never left empty.
struct MountVersionKey: VersionKeySource {
    let key: Data
    /// Which key signs the versions, for the summary.
    let summary: String

    func loadKey(deadline: ContinuousClock.Instant) async throws -> Data { key }

    /// Reads Secret `namespace/name` (data key `key`, 32 bytes) through `client`; any failure gives a local key.
    static func resolve(
        client: KubernetesAPIClient?, namespace: String, name: String, deadline: ContinuousClock.Instant
    ) async -> MountVersionKey {
        let why: String
        if let client {
            do {
                if case .key(let key) = try await HMACKeySecret.read(
                    client: client, namespace: namespace, name: name, deadline: deadline)
                {
                    return MountVersionKey(
                        key: key, summary: "versions signed with the cluster key \(namespace)/\(name)")
                }
                why = "secret \(namespace)/\(name) does not exist or holds no 32-byte key"
            } catch {
                why = "cannot read secret \(namespace)/\(name): \(error)"
            }
        } else {
            why = "no kubeconfig"
        }
        return MountVersionKey(
            key: HMACKeySecret.freshKey(),
            summary: "versions signed with a local key: they will not match the cluster's (\(why))")
    }
}

import FoundationEssentials
import KubernetesClient

/// The `-node-publish-secret` Secret, read through the kubeconfig: its data is what the driver passes in a Mount's
/// `secrets` for a volume's nodePublishSecretRef (values as text, keys as they are).
struct MountNodePublishSecret {
    let namespace: String
    let name: String
    let data: [String: String]

    /// For the summary: the Secret and its keys, never a value.
    var summary: String {
        "\(namespace)/\(name) as the nodePublishSecretRef (keys: \(data.keys.sorted().joined(separator: ", ")))"
    }

    /// nil without `-node-publish-secret`; a Secret that cannot be read stops the mount (`MountCommandFailure`).
    static func read(
        _ options: LocalMountOptions, kubernetes: KubernetesAPIClient?, deadline: ContinuousClock.Instant
    ) async throws -> MountNodePublishSecret? {
        guard let name = options.nodePublishSecret else { return nil }
        let namespace = options.namespace
        guard let kubernetes else {
            throw MountCommandFailure(
                "no kubeconfig to read -node-publish-secret \(name) with: pass -kubeconfig or set KUBECONFIG")
        }
        let data: [String: [UInt8]]?
        do {
            data = try await kubernetes.getSecret(namespace: namespace, name: name, deadline: deadline)
        } catch {
            throw MountCommandFailure("cannot read secret \(namespace)/\(name) (-node-publish-secret): \(error)")
        }
        guard let data else {
            throw MountCommandFailure("secret \(namespace)/\(name) (-node-publish-secret) does not exist")
        }
        return MountNodePublishSecret(
            namespace: namespace, name: name,
            data: data.mapValues { String(decoding: $0, as: UTF8.self) })
    }
}

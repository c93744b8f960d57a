import FoundationEssentials
import KubernetesClient

/// The service-account token a mount logs in with, as the driver would pass it: read from a file or minted.
struct MountIdentity {
    /// Lifetime asked of TokenRequest: the API's minimum, plenty for one mount.
    static let expirationSeconds = 600

    let token: String
    /// Where the token came from, for the summary.
    let origin: String

    /// `-token-file`'s token, else one minted through the kubeconfig's cluster.
    static func find(
        _ options: LocalMountOptions, kubernetes: KubernetesAPIClient?, source: KubernetesConfigSource,
        audience: String, deadline: ContinuousClock.Instant
    ) async throws -> MountIdentity {
        if let tokenFile = options.tokenFile { return try read(path: tokenFile) }
        guard let kubernetes else {
            throw MountCommandFailure(
                """
                no kubeconfig to mint a service-account token with: pass -kubeconfig, set KUBECONFIG, or give \
                -token-file
                """
            )
        }
        return try await mint(
            client: kubernetes, source: source, namespace: options.namespace, serviceAccount: options.serviceAccount,
            audience: audience, pod: options.pod.map { BoundPod(name: $0.name, uid: $0.uid) }, deadline: deadline)
    }

    /// The JWT in `path`, surrounding whitespace ignored.
    static func read(path: String) throws -> MountIdentity {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MountCommandFailure("cannot read -token-file \(path)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else { throw MountCommandFailure("-token-file \(path) is empty") }
        return MountIdentity(token: token, origin: "read from \(path)")
    }

    /// A token minted with TokenRequest for `serviceAccount` with `audience`, bound to `pod` when given.
    static func mint(
        client: KubernetesAPIClient, source: KubernetesConfigSource, namespace: String, serviceAccount: String,
        audience: String, pod: BoundPod?, deadline: ContinuousClock.Instant
    ) async throws -> MountIdentity {
        let token: String
        do {
            token = try await KubernetesTokenSource(client: client, expirationSeconds: expirationSeconds)
                .mint(
                    namespace: namespace, serviceAccount: serviceAccount, audience: audience, boundPod: pod,
                    deadline: deadline)
        } catch {
            throw MountCommandFailure(
                """
                cannot mint a token for service account \(namespace)/\(serviceAccount) (TokenRequest through \
                \(source)): \(error)
                """
            )
        }
        let binding = pod.map { "bound to pod \($0.name)" } ?? "not bound to a pod"
        return MountIdentity(token: token, origin: "minted by TokenRequest through \(source), \(binding)")
    }
}

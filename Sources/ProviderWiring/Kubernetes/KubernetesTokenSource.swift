import KubernetesClient
import ProviderConfiguration
import SecretsProvider

/// Mints a pod's service-account token with the TokenRequest API, bound to the pod, for 15 minutes.
public struct KubernetesTokenSource: ServiceAccountTokenSource {
    /// Lifetime of a minted token, as the reference asks for.
    static let expirationSeconds = 900

    private let client: KubernetesAPIClient

    public init(client: KubernetesAPIClient) {
        self.client = client
    }

    public func token(for pod: PodInfo, audience: String, deadline: ContinuousClock.Instant) async throws -> String {
        guard !pod.namespace.isEmpty, !pod.serviceAccount.isEmpty else {
            throw MountError(.failedPrecondition, "the driver sent no pod namespace or service account (podInfoOnMount must be true)")
        }
        let boundPod = pod.name.isEmpty || pod.uid.isEmpty ? nil : BoundPod(name: pod.name, uid: pod.uid)
        return try await client.requestServiceAccountToken(
            namespace: pod.namespace, serviceAccount: pod.serviceAccount, audiences: [audience],
            expirationSeconds: Self.expirationSeconds, boundPod: boundPod, deadline: deadline)
    }
}

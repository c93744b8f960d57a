import KubernetesClient
import ProviderConfiguration
import SecretsProvider

/// Mints a pod's service-account token with the TokenRequest API, bound to the pod, for 15 minutes.
package struct KubernetesTokenSource: ServiceAccountTokenSource {
    /// Lifetime of a minted token, as the reference asks for.
    package static let expirationSeconds = 900

    private let client: KubernetesAPIClient
    private let expirationSeconds: Int

    package init(client: KubernetesAPIClient, expirationSeconds: Int = KubernetesTokenSource.expirationSeconds) {
        self.client = client
        self.expirationSeconds = expirationSeconds
    }

    package func token(for pod: PodInfo, audience: String, deadline: ContinuousClock.Instant) async throws -> String {
        guard !pod.namespace.isEmpty, !pod.serviceAccount.isEmpty else {
            throw MountError(
                .failedPrecondition, "the driver sent no pod namespace or service account (podInfoOnMount must be true)"
            )
        }
        let boundPod = pod.name.isEmpty || pod.uid.isEmpty ? nil : BoundPod(name: pod.name, uid: pod.uid)
        return try await mint(
            namespace: pod.namespace, serviceAccount: pod.serviceAccount, audience: audience, boundPod: boundPod,
            deadline: deadline)
    }

    /// A token of `namespace/serviceAccount` for `audience`, bound to `boundPod` when given (the daemon's and the
    /// `mount` command's one TokenRequest).
    func mint(
        namespace: String, serviceAccount: String, audience: String, boundPod: BoundPod?,
        deadline: ContinuousClock.Instant
    ) async throws -> String {
        try await client.requestServiceAccountToken(
            namespace: namespace, serviceAccount: serviceAccount, audiences: [audience],
            expirationSeconds: expirationSeconds, boundPod: boundPod, deadline: deadline)
    }
}

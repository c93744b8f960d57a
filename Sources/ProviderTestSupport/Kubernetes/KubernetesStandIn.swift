import Foundation

/// An in-process HTTP/1.1 server on 127.0.0.1 answering the Kubernetes API calls Vault and the provider make.
package final class KubernetesStandIn: Sendable {
    /// The base URL, `http://127.0.0.1:PORT`.
    package let url: String
    /// The issuer written into minted tokens by default.
    package let issuer = KubernetesStandIn.defaultIssuer
    /// The token-signing package key (P-256) in PEM form.
    package let publicKeyPEM: String

    private let signer: ServiceAccountTokenSigner
    private let store: KubernetesStandInStore
    private let pods: KubernetesPodStore
    private let server: LoopbackHTTPServer

    /// The in-cluster API server's issuer, as in real projected tokens.
    static let defaultIssuer = "https://kubernetes.default.svc.cluster.local"

    private init(
        server: LoopbackHTTPServer, signer: ServiceAccountTokenSigner, store: KubernetesStandInStore,
        pods: KubernetesPodStore
    ) {
        self.pods = pods
        self.url = "http://127.0.0.1:\(server.port)"
        self.publicKeyPEM = signer.publicKeyPEM
        self.signer = signer
        self.store = store
        self.server = server
    }

    /// Starts the server on an ephemeral loopback port with a fresh signing key.
    package static func start() async throws -> KubernetesStandIn {
        let signer = ServiceAccountTokenSigner()
        let store = KubernetesStandInStore()
        let pods = KubernetesPodStore()
        let router = KubernetesAPIRouter(signer: signer, store: store, pods: pods, issuer: defaultIssuer)
        let server = try await LoopbackHTTPServer.start(name: "Kubernetes stand-in") {
            KubernetesHTTPHandler(router: router)
        }
        return KubernetesStandIn(server: server, signer: signer, store: store, pods: pods)
    }

    /// Stops listening and closes every open connection.
    package func stop() async {
        await server.stop()
    }

    /// Mints an ES256 projected service-account token for a pod, signed with the stand-in's key.
    package func mintServiceAccountToken(
        namespace: String,
        serviceAccount: String,
        podName: String,
        podUID: String,
        audiences: [String],
        lifetime: Duration = .seconds(3600),
        issuer: String = "https://kubernetes.default.svc.cluster.local"
    ) -> String {
        signer.mint(
            namespace: namespace, serviceAccount: serviceAccount, pod: .init(name: podName, uid: podUID),
            audiences: audiences, lifetime: lifetime, issuer: issuer
        ).token
    }

    /// The uid the stand-in gives service account `namespace/name` (in tokens and TokenReview answers).
    package func serviceAccountUID(namespace: String, name: String) -> String {
        ServiceAccountTokenSigner.serviceAccountUID(namespace: namespace, name: name)
    }

    /// Stores Secret `namespace/name` holding `values` (base64 in `data`, as the API keeps them); the leak scan
    /// learns every value.
    package func addSecret(namespace: String, name: String, values: [String: String]) {
        for value in values.values { LeakWatch.shared.registerSecret(value, kind: "Kubernetes Secret value") }
        _ = store.createSecret(
            namespace: namespace, name: name,
            object: [
                "apiVersion": "v1", "kind": "Secret", "metadata": ["name": name, "namespace": namespace],
                "data": values.mapValues { Data($0.utf8).base64EncodedString() },
            ])
    }

    /// The stored Secret object's JSON, or nil if it was never created.
    package func secret(namespace: String, name: String) -> Data? {
        store.secret(namespace: namespace, name: name)
    }

    /// A kubeconfig for the provider pointing at this stand-in, with `namespace` as the provider's own namespace.
    package func kubeconfig(namespace: String = "csi", token: String = "provider-token") -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: stand-in
          cluster: {server: "\(url)"}
        users:
        - name: vault-csi-provider
          user: {token: \(token)}
        contexts:
        - name: stand-in
          context: {cluster: stand-in, user: vault-csi-provider, namespace: \(namespace)}
        current-context: stand-in
        """
    }

    /// Deletes a stored Secret, as `kubectl delete secret` would.
    package func deleteSecret(namespace: String, name: String) {
        store.deleteSecret(namespace: namespace, name: name)
    }

    // MARK: Pods

    /// Creates a pod on `node` (Running unless said otherwise), as the scheduler and the kubelet would.
    package func addPod(
        name: String, namespace: String = "default", uid: String, node: String, serviceAccount: String = "default",
        phase: String = "Running"
    ) {
        pods.add(
            .init(name: name, namespace: namespace, uid: uid, node: node, serviceAccount: serviceAccount, phase: phase))
    }

    /// Sets a pod's `status.phase` (`Succeeded`, `Failed`, ...).
    package func setPodPhase(uid: String, phase: String) {
        pods.setPhase(uid: uid, phase: phase)
    }

    /// Deletes a pod: watches get its DELETED event.
    package func deletePod(uid: String) {
        pods.delete(uid: uid)
    }

    /// Closes every open pod watch mid-stream.
    package func breakPodWatches() {
        pods.breakWatches()
    }

    /// Expires the watch history: open watches get `410 Gone` and must list again.
    package func expirePodWatches() {
        pods.expireHistory()
    }

    /// Sends open pod watches a line of `bytes` bytes that never ends.
    package func sendUnendingPodWatchLine(bytes: Int) {
        pods.sendUnendingLine(bytes: bytes)
    }

    /// How many pod lists and watches were asked for.
    package var podLists: Int { pods.lists }
    package var podWatches: Int { pods.watchesStarted }

    /// How many TokenRequest calls the stand-in has answered.
    package var tokenRequestCount: Int { store.tokenRequests }

    /// How many TokenReview calls (Vault logins) the stand-in has answered.
    package var tokenReviewCount: Int { store.tokenReviews }
}

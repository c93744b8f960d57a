import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An in-process HTTP/1.1 server on 127.0.0.1 answering the Kubernetes API calls Vault and the provider make.
public final class KubernetesStandIn: Sendable {
    /// The base URL, `http://127.0.0.1:PORT`.
    public let url: String
    /// The issuer written into minted tokens by default.
    public let issuer = KubernetesStandIn.defaultIssuer
    /// The token-signing public key (P-256) in PEM form.
    public let publicKeyPEM: String

    private let signer: ServiceAccountTokenSigner
    private let store: KubernetesStandInStore
    private let connections: ChannelRegistry
    private let serverChannel: any Channel

    /// The in-cluster API server's issuer, as in real projected tokens.
    static let defaultIssuer = "https://kubernetes.default.svc.cluster.local"

    private init(
        serverChannel: any Channel, signer: ServiceAccountTokenSigner, store: KubernetesStandInStore,
        connections: ChannelRegistry
    ) throws {
        guard let port = serverChannel.localAddress?.port else {
            throw TestSupportError("the Kubernetes stand-in has no local port")
        }
        self.url = "http://127.0.0.1:\(port)"
        self.publicKeyPEM = signer.publicKeyPEM
        self.signer = signer
        self.store = store
        self.connections = connections
        self.serverChannel = serverChannel
    }

    deinit {
        serverChannel.close(promise: nil)
        for channel in connections.closeAll() { channel.close(promise: nil) }
    }

    /// Starts the server on an ephemeral loopback port with a fresh signing key.
    public static func start() async throws -> KubernetesStandIn {
        let signer = ServiceAccountTokenSigner()
        let store = KubernetesStandInStore()
        let connections = ChannelRegistry()
        let router = KubernetesAPIRouter(signer: signer, store: store, issuer: defaultIssuer)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                connections.register(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(NIOHTTPServerRequestAggregator(maxContentLength: 16 << 20))
                    try channel.pipeline.syncOperations.addHandler(KubernetesHTTPHandler(router: router))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        do {
            return try KubernetesStandIn(serverChannel: channel, signer: signer, store: store, connections: connections)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Stops listening and closes every open connection.
    public func stop() async {
        try? await serverChannel.close()
        for channel in connections.closeAll() {
            try? await channel.close()
        }
    }

    /// Mints an ES256 projected service-account token for a pod, signed with the stand-in's key.
    public func mintServiceAccountToken(
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
    public func serviceAccountUID(namespace: String, name: String) -> String {
        ServiceAccountTokenSigner.serviceAccountUID(namespace: namespace, name: name)
    }

    /// The stored Secret object's JSON, or nil if it was never created.
    public func secret(namespace: String, name: String) -> Data? {
        store.secret(namespace: namespace, name: name)
    }

    /// A kubeconfig for the provider pointing at this stand-in, with `namespace` as the provider's own namespace.
    public func kubeconfig(namespace: String = "csi", token: String = "provider-token") -> String {
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
    public func deleteSecret(namespace: String, name: String) {
        store.deleteSecret(namespace: namespace, name: name)
    }

    /// How many TokenRequest calls the stand-in has answered.
    public var tokenRequestCount: Int { store.tokenRequests }

    /// How many TokenReview calls (Vault logins) the stand-in has answered.
    public var tokenReviewCount: Int { store.tokenReviews }
}

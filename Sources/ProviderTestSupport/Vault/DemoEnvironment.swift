import Foundation

/// A throwaway Vault (real OpenBao) with Kubernetes auth through the stand-in, a role, a policy and sample
/// secrets for one pod: shared by the demo, the interop rig and the integration tests.
package final class DemoEnvironment: Sendable {
    /// The pod the demo mounts for.
    package struct Pod: Sendable, Codable {
        package let name: String
        package let namespace: String
        package let uid: String
        package let serviceAccount: String
    }

    package let bao: OpenBaoServer
    package let kubernetes: KubernetesStandIn
    package let pod = Pod(
        name: "web-0", namespace: "default", uid: "5b0d2b4e-3c84-4d0a-9a51-7f2f1c2d9e10", serviceAccount: "app-sa")
    /// The Vault role bound to the pod's service account.
    package let role = "app"
    /// The sample KV v2 secret at `secret/app`.
    package static let appSecret = ["username": "demo-user", "password": "demo-P@ssw0rd-7c1e"]
    /// The sample KV v2 secret at `secret/config`.
    package static let configSecret = ["api_url": "https://api.example.com", "timeout": "30s"]

    private init(bao: OpenBaoServer, kubernetes: KubernetesStandIn) {
        self.bao = bao
        self.kubernetes = kubernetes
    }

    /// Starts OpenBao (with extra TLS listeners when asked: `bao.tlsAddresses`) and the stand-in, and configures them.
    package static func start(tlsListeners: [OpenBaoServer.TLSListener] = [], unixSocket: Bool = false) async throws
        -> DemoEnvironment
    {
        let kubernetes = try await KubernetesStandIn.start()
        let bao: OpenBaoServer
        do {
            bao = try await OpenBaoServer.start(tlsListeners: tlsListeners, unixSocket: unixSocket)
        } catch {
            await kubernetes.stop()
            throw error
        }
        let environment = DemoEnvironment(bao: bao, kubernetes: kubernetes)
        do {
            try await environment.configure()
        } catch {
            await environment.stop()
            throw error
        }
        return environment
    }

    /// Starts another OpenBao set up exactly as `bao` (auth through the same stand-in, role, policy, secrets): a
    /// second address for failover tests. Being a separate cluster, it refuses the other's tokens. The caller stops it.
    package func startTwin() async throws -> OpenBaoServer {
        let twin = try await OpenBaoServer.start()
        do {
            try await configure(twin)
        } catch {
            twin.stop()
            throw error
        }
        return twin
    }

    private func configure() async throws {
        try await configure(bao)
    }

    /// Sets `bao` up for the demo pod: Kubernetes auth through the stand-in, the `app` policy and role, the secrets.
    private func configure(_ bao: OpenBaoServer) async throws {
        try await VaultTestSetup.configureKubernetesAuth(bao, standIn: kubernetes)
        try await VaultTestSetup.writePolicy(
            bao, name: "app",
            hcl: """
                path "secret/data/app" { capabilities = ["read"] }
                path "secret/data/config" { capabilities = ["read"] }
                path "kv1/*" { capabilities = ["read"] }
                path "pki/issue/*" { capabilities = ["create", "update"] }
                """)
        try await VaultTestSetup.createKubernetesRole(
            bao, name: role, serviceAccounts: [pod.serviceAccount], namespaces: [pod.namespace], policies: ["app"])
        try await VaultTestSetup.putKV2(bao, path: "app", data: DemoEnvironment.appSecret)
        try await VaultTestSetup.putKV2(bao, path: "config", data: DemoEnvironment.configSecret)
    }

    /// A token for the pod as the driver would pass it (`serviceAccount.tokens`), for `audience`.
    package func podToken(audience: String = "vault", serviceAccount: String? = nil) -> String {
        kubernetes.mintServiceAccountToken(
            namespace: pod.namespace, serviceAccount: serviceAccount ?? pod.serviceAccount,
            podName: pod.name, podUID: pod.uid, audiences: [audience])
    }

    /// The `attributes` JSON the driver sends for a class with these parameters, for the demo pod.
    package func attributes(parameters: [String: String], token: String? = nil, audience: String = "vault") -> String {
        var attributes = parameters
        attributes["secretProviderClass"] = attributes["secretProviderClass"] ?? "vault-demo"
        attributes["csi.storage.k8s.io/pod.name"] = pod.name
        attributes["csi.storage.k8s.io/pod.namespace"] = pod.namespace
        attributes["csi.storage.k8s.io/pod.uid"] = pod.uid
        attributes["csi.storage.k8s.io/serviceAccount.name"] = pod.serviceAccount
        attributes["csi.storage.k8s.io/ephemeral"] = "false"
        let tokens = [
            audience: ["token": token ?? podToken(audience: audience), "expirationTimestamp": "2099-01-01T00:00:00Z"]
        ]
        attributes["csi.storage.k8s.io/serviceAccount.tokens"] = JSONText.string(tokens)
        return JSONText.string(attributes)
    }

    /// The `attributes` JSON for another pod of the same service account, named `name` with uid `uid`: what the
    /// driver sends when a node starts many pods, each with its own token.
    package func attributes(parameters: [String: String], podName: String, podUID: String) -> String {
        let token = kubernetes.mintServiceAccountToken(
            namespace: pod.namespace, serviceAccount: pod.serviceAccount, podName: podName, podUID: podUID,
            audiences: ["vault"])
        var attributes = parameters
        attributes["secretProviderClass"] = attributes["secretProviderClass"] ?? "vault-demo"
        attributes["csi.storage.k8s.io/pod.name"] = podName
        attributes["csi.storage.k8s.io/pod.namespace"] = pod.namespace
        attributes["csi.storage.k8s.io/pod.uid"] = podUID
        attributes["csi.storage.k8s.io/serviceAccount.name"] = pod.serviceAccount
        attributes["csi.storage.k8s.io/ephemeral"] = "false"
        attributes["csi.storage.k8s.io/serviceAccount.tokens"] = JSONText.string(
            ["vault": ["token": token, "expirationTimestamp": "2099-01-01T00:00:00Z"]])
        return JSONText.string(attributes)
    }

    /// Stops OpenBao and the stand-in.
    package func stop() async {
        bao.stop()
        await kubernetes.stop()
    }
}

import FoundationEssentials

/// Where the Kubernetes API is and how to authenticate to it: the current kubeconfig context or the pod's service
/// account.
package struct KubernetesConfig: Sendable, Equatable, CustomStringConvertible {
    /// The API server's base URL, such as `https://10.96.0.1:443`.
    package var server: String
    /// The PEM bundle that signs the API server's certificate; nil trusts the system roots.
    package var caCertificatesPEM: [UInt8]?
    /// Skip verifying the API server's certificate (kubeconfig `insecure-skip-tls-verify`).
    package var insecureSkipTLSVerify: Bool
    /// How requests authenticate.
    package var credentials: Credentials
    /// The provider's own namespace (context `namespace`, or the service account's namespace).
    package var namespace: String

    /// The default service-account folder mounted into pods.
    package static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Creates a configuration from its parts.
    package init(
        server: String, caCertificatesPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false,
        credentials: Credentials = .none, namespace: String = "default"
    ) {
        self.server = server
        self.caCertificatesPEM = caCertificatesPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.credentials = credentials
        self.namespace = namespace
    }

    /// Loads the configuration `source` points at; nil for `.none`. `environment` supplies `HOME` for `~/` in
    /// kubeconfig paths.
    package static func load(
        from source: KubernetesConfigSource,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory: String = defaultServiceAccountDirectory
    ) throws -> KubernetesConfig? {
        switch source {
        case .none:
            return nil
        case .kubeconfig(let path):
            return try KubeconfigLoader(path: path, environment: environment).load()
        case .inCluster(let host, let port):
            return try InClusterConfigLoader.load(host: host, port: port, directory: serviceAccountDirectory)
        }
    }

    package var description: String {
        var parts = ["server \(server)", "credentials \(credentials)", "namespace \(namespace)"]
        if caCertificatesPEM != nil { parts.append("custom CA") }
        if insecureSkipTLSVerify { parts.append("insecure-skip-tls-verify") }
        return parts.joined(separator: ", ")
    }
}

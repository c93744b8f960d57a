import FoundationEssentials

/// Where the Kubernetes API's configuration comes from: `-kubeconfig`, else `KUBECONFIG`, else the in-cluster service
/// account.
package enum KubernetesConfigSource: Sendable, Equatable, CustomStringConvertible {
    /// A kubeconfig file.
    case kubeconfig(path: String)
    /// The pod's own service account and the `KUBERNETES_SERVICE_HOST`/`_PORT` environment.
    case inCluster(host: String, port: String)
    /// No Kubernetes API is configured (a laptop, the demo).
    case none

    /// The in-cluster service-account token path.
    package static let inClusterTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount/token"

    /// Resolves the source in precedence order: flag, environment, in-cluster.
    package static func locate(
        kubeconfigFlag: String?, environment: [String: String],
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) -> KubernetesConfigSource {
        if let path = kubeconfigFlag, !path.isEmpty { return .kubeconfig(path: path) }
        if let path = environment["KUBECONFIG"], !path.isEmpty {
            // KUBECONFIG may list several files; the first one is used.
            return .kubeconfig(path: String(path.split(separator: ":").first ?? Substring(path)))
        }
        if let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty, fileExists(inClusterTokenPath) {
            return .inCluster(host: host, port: environment["KUBERNETES_SERVICE_PORT"] ?? "443")
        }
        return .none
    }

    package var description: String {
        switch self {
        case .kubeconfig(let path): return "kubeconfig \(path)"
        case .inCluster(let host, let port): return "in-cluster \(host):\(port)"
        case .none: return "none"
        }
    }
}

import FoundationEssentials
import KubernetesClient
import Logging
import ProxyEnvironment

/// The Kubernetes API as seen from a laptop: `-kubeconfig`, else `KUBECONFIG`, else `~/.kube/config` when it
/// exists. The daemon's in-cluster fallback does not apply: a debug pod's own account could not mint other tokens.
enum MountKubernetes {
    /// Where the kubeconfig is; `.none` when there is none.
    static func source(flag: String?, environment: [String: String]) -> KubernetesConfigSource {
        var withoutCluster = environment
        withoutCluster["KUBERNETES_SERVICE_HOST"] = nil
        let located = KubernetesConfigSource.locate(kubeconfigFlag: flag, environment: withoutCluster)
        if located != .none { return located }
        guard let home = environment["HOME"], !home.isEmpty else { return .none }
        let path = home + "/.kube/config"
        return FileManager.default.fileExists(atPath: path) ? .kubeconfig(path: path) : .none
    }

    /// A client for `source`, nil for `.none`; a kubeconfig that cannot be used fails the command.
    static func client(
        for source: KubernetesConfigSource, environment: [String: String], proxies: ProxySettings,
        logger: Logger
    ) throws -> KubernetesAPIClient? {
        do {
            return try KubernetesConfig.load(from: source, environment: environment).map {
                try KubernetesAPIClient(config: $0, proxies: proxies, logger: logger)
            }
        } catch {
            throw MountCommandFailure("\(source): \(error)")
        }
    }
}

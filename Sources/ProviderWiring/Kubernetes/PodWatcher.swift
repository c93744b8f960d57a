import KubernetesClient
import Logging
import SecretsProvider

/// Watches this node's pods (list, then watch from the list's resourceVersion; resume after a closed stream, list
/// again after `410 Gone` or an error) and tells the pipeline which pods live and which were deleted. A pod served
/// before and missing from a new list was deleted while the watch was down: it counts as deleted.
package struct PodWatcher: Sendable {
    let client: KubernetesAPIClient
    let node: String
    let provider: SecretsProvider
    let logger: Logger

    package init(client: KubernetesAPIClient, node: String, provider: SecretsProvider, logger: Logger) {
        self.client = client
        self.node = node
        self.provider = provider
        self.logger = logger
    }

    /// Runs until cancelled.
    package func run() async {
        var known: Set<String> = []
        var pause = Duration.seconds(1)
        while !Task.isCancelled {
            do {
                let (pods, listed) = try await client.listPods(node: node, deadline: .now + .seconds(30))
                let present = Set(pods.map(\.uid))
                await provider.podsListed(alive: Set(pods.filter(\.isAlive).map(\.uid)), gone: known.subtracting(present))
                known = present
                logger.debug("pods listed", metadata: ["node": "\(node)", "pods": "\(pods.count)"])
                var resourceVersion = listed
                var expired = false
                while !expired, !Task.isCancelled {
                    for try await (event, version) in client.watchPods(node: node, resourceVersion: resourceVersion) {
                        if let version { resourceVersion = version }
                        switch event {
                        case .changed(let pod):
                            known.insert(pod.uid)
                            await provider.podChanged(uid: pod.uid, alive: pod.isAlive)
                        case .deleted(let pod):
                            known.remove(pod.uid)
                            await provider.podDeleted(uid: pod.uid)
                        case .expired:
                            expired = true
                        }
                        pause = .seconds(1)
                    }
                }
                logger.debug("the pod watch expired (410 Gone): listing again", metadata: ["node": "\(node)"])
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("the pod watch failed; listing again", metadata: ["node": "\(node)", "error": "\(error)", "retry_in_s": "\(pause.components.seconds)"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(30))
            }
        }
    }
}

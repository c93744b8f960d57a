import KubernetesClient
import Logging
import ServiceLifecycle

/// Watches this node's pods (list, then watch from the list's resourceVersion; resume after a closed stream, list
/// again after `410 Gone` or an error) and tells the pipeline which pods live and which were deleted. A pod served
/// before and missing from a new list was deleted while the watch was down: it counts as deleted.
///
/// A service of the daemon's group: it runs until cancelled or a graceful shutdown. What it tells the pipeline is
/// never cut short, so a revocation begun ends before the group returns and the clients close.
package struct PodWatcher: Service {
    let source: any PodSource
    let node: String
    let events: any PodEvents
    let logger: Logger
    /// The pause before listing again after a failure; it doubles on each failure in a row, up to `longestRetryPause`.
    var firstRetryPause = Duration.seconds(1)
    var longestRetryPause = Duration.seconds(30)

    package init(source: any PodSource, node: String, events: any PodEvents, logger: Logger) {
        self.source = source
        self.node = node
        self.events = events
        self.logger = logger
    }

    /// Watches until cancelled or a graceful shutdown.
    package func run() async {
        await cancelWhenGracefulShutdown { await watch() }
    }

    /// Lists and watches until cancelled.
    func watch() async {
        var known: Set<String> = []
        var pause = firstRetryPause
        while !Task.isCancelled {
            do {
                var resourceVersion = try await list(&known)
                var expired = false
                while !expired, !Task.isCancelled {
                    for try await (event, version) in source.podEvents(onNode: node, after: resourceVersion) {
                        if let version { resourceVersion = version }
                        if case .expired = event { expired = true } else { await tell(event, known: &known) }
                        pause = firstRetryPause
                    }
                }
                if expired {
                    logger.debug("the pod watch expired (410 Gone): listing again", metadata: ["node": "\(node)"])
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning(
                    "the pod watch failed; listing again",
                    metadata: [
                        "node": "\(node)", "error": "\(error)", "retry_in_s": "\(pause.components.seconds)",
                    ])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, longestRetryPause)
            }
        }
    }

    /// Lists the node's pods, tells the pipeline, and returns the list's resourceVersion.
    private func list(_ known: inout Set<String>) async throws -> String {
        let (pods, listed) = try await source.pods(onNode: node, deadline: .now + .seconds(30))
        let present = Set(pods.map(\.uid))
        let alive = Set(pods.filter(\.isAlive).map(\.uid))
        let gone = known.subtracting(present)
        await uncancelled { [events] in await events.podsListed(alive: alive, gone: gone) }
        known = present
        logger.debug("pods listed", metadata: ["node": "\(node)", "pods": "\(pods.count)"])
        return listed
    }

    /// Tells the pipeline of one change or deletion.
    private func tell(_ event: PodEvent, known: inout Set<String>) async {
        switch event {
        case .changed(let pod):
            known.insert(pod.uid)
            await events.podChanged(uid: pod.uid, alive: pod.isAlive)
        case .deleted(let pod):
            known.remove(pod.uid)
            await uncancelled { [events] in await events.podDeleted(uid: pod.uid) }
        case .expired:
            break
        }
    }

    /// Runs `body` to its end even when the watch is cancelled meanwhile (a revocation is not cut off), and waits
    /// for it.
    private func uncancelled(_ body: @escaping @Sendable () async -> Void) async {
        await Task(operation: body).value
    }
}

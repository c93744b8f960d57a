import KubernetesClient

/// Where the pod watch reads a node's pods: a list with its resourceVersion, then the changes from that version.
package protocol PodSource: Sendable {
    /// The pods of `node` and the list's resourceVersion.
    func pods(onNode node: String, deadline: ContinuousClock.Instant) async throws
        -> (pods: [PodState], resourceVersion: String)

    /// The changes to `node`'s pods after `resourceVersion`, each with the resourceVersion to resume from. The stream
    /// ends when the server ends the watch, and throws when the connection breaks.
    func podEvents(onNode node: String, after resourceVersion: String)
        -> AsyncThrowingStream<(PodEvent, String?), any Error>
}

extension KubernetesAPIClient: PodSource {
    package func pods(onNode node: String, deadline: ContinuousClock.Instant) async throws
        -> (pods: [PodState], resourceVersion: String)
    {
        try await listPods(node: node, pageSize: 500, deadline: deadline)
    }

    package func podEvents(onNode node: String, after resourceVersion: String)
        -> AsyncThrowingStream<(PodEvent, String?), any Error>
    {
        watchPods(node: node, resourceVersion: resourceVersion, timeoutSeconds: 300)
    }
}

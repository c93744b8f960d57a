import Synchronization

@testable import ProviderWiring

/// What the pod watch told the pipeline, in order.
final class RecordedPodEvents: PodEvents {
    enum Call: Equatable {
        case listed(alive: Set<String>, gone: Set<String>)
        case changed(String, alive: Bool)
        case deleted(String)
    }

    private let recorded = Mutex<[Call]>([])
    private let finishedDeletions = Mutex<[String]>([])
    /// How long each deletion takes, as a revocation's Vault requests would.
    let deletionTakes: Duration

    init(deletionTakes: Duration = .zero) {
        self.deletionTakes = deletionTakes
    }

    var calls: [Call] { recorded.withLock { $0 } }
    /// The deletions that ran to their end, uncancelled.
    var finished: [String] { finishedDeletions.withLock { $0 } }

    func podsListed(alive: Set<String>, gone: Set<String>) async {
        recorded.withLock { $0.append(.listed(alive: alive, gone: gone)) }
    }

    func podChanged(uid: String, alive: Bool) async {
        recorded.withLock { $0.append(.changed(uid, alive: alive)) }
    }

    func podDeleted(uid: String) async {
        recorded.withLock { $0.append(.deleted(uid)) }
        if deletionTakes > .zero { try? await Task.sleep(for: deletionTakes) }
        if !Task.isCancelled { finishedDeletions.withLock { $0.append(uid) } }
    }

    /// Waits (at most `limit`) until `count` calls were made.
    func waitFor(_ count: Int, within limit: Duration = .seconds(5)) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if calls.count >= count { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return calls.count >= count
    }
}

import Synchronization

@testable import KubernetesClient
@testable import ProviderWiring

/// One scripted watch: its events, then an end, a break (it throws), or nothing more until cancelled.
struct ScriptedWatch: Sendable {
    enum Ending: Sendable { case ends, breaks, staysOpen }
    var events: [(PodEvent, String?)]
    var ending: Ending
}

/// A failure the script makes a list or a watch throw.
struct ScriptedFailure: Error {}

/// A pod source that answers lists and watches from a script, in order, and records what it was asked. Past the
/// script, a list waits until cancelled and a watch stays open.
final class ScriptedPods: PodSource {
    private struct State {
        var lists: [Result<([PodState], String), ScriptedFailure>]
        var watches: [ScriptedWatch]
        var listCount = 0
        var watchedFrom: [String] = []
        /// The watches left open, kept so that they end only when cancelled.
        var open: [AsyncThrowingStream<(PodEvent, String?), any Error>.Continuation] = []
    }

    private let state: Mutex<State>

    init(lists: [Result<([PodState], String), ScriptedFailure>], watches: [ScriptedWatch]) {
        state = Mutex(State(lists: lists, watches: watches))
    }

    /// How many lists were asked for.
    var listCount: Int { state.withLock { $0.listCount } }
    /// The resourceVersion each watch started from.
    var watchedFrom: [String] { state.withLock { $0.watchedFrom } }

    func pods(onNode node: String, deadline: ContinuousClock.Instant) async throws
        -> (pods: [PodState], resourceVersion: String)
    {
        let next = state.withLock { state in
            state.listCount += 1
            return state.lists.isEmpty ? nil : state.lists.removeFirst()
        }
        guard let next else {
            try await Task.sleep(for: .seconds(3600))
            throw CancellationError()
        }
        let (pods, version) = try next.get()
        return (pods, version)
    }

    func podEvents(onNode node: String, after resourceVersion: String)
        -> AsyncThrowingStream<(PodEvent, String?), any Error>
    {
        let watch = state.withLock { state in
            state.watchedFrom.append(resourceVersion)
            return state.watches.isEmpty ? ScriptedWatch(events: [], ending: .staysOpen) : state.watches.removeFirst()
        }
        let (stream, continuation) = AsyncThrowingStream<(PodEvent, String?), any Error>.makeStream()
        for event in watch.events { continuation.yield(event) }
        switch watch.ending {
        case .ends: continuation.finish()
        case .breaks: continuation.finish(throwing: ScriptedFailure())
        case .staysOpen: state.withLock { $0.open.append(continuation) }
        }
        return stream
    }
}

/// A pod of `phase`.
func pod(_ uid: String, _ phase: String = "Running") -> PodState {
    PodState(uid: uid, name: "name-\(uid)", namespace: "ns", phase: phase)
}

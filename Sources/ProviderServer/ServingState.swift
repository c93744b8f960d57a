import Synchronization

/// Whether the gRPC socket is accepting calls: set once it listens, cleared when graceful shutdown begins.
package final class ServingState: Sendable {
    private let serving = Atomic(false)

    package init() {}

    /// True while the socket accepts calls.
    package var isServing: Bool { serving.load(ordering: .acquiring) }

    func set(_ value: Bool) {
        serving.store(value, ordering: .releasing)
    }
}

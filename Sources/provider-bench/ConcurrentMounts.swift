import ProviderTestSupport
import ProviderValues

/// Mounts started all at once over one driver connection, as a node full of starting pods sends them.
enum ConcurrentMounts {
    /// One Mount call's outcome: its latency in milliseconds and, if it failed, the error.
    typealias Outcome = (milliseconds: Double, error: String?)

    /// Starts every request at once and waits for all; each must return `objects` files.
    static func run(_ requests: [(attributes: String, target: String)], driver: DriverClient, objects: Int) async
        -> [Outcome]
    {
        await withTaskGroup(of: Outcome.self) { group in
            for request in requests {
                group.addTask {
                    let start = ContinuousClock.now
                    do {
                        try await BenchRig.mount(
                            driver: driver, attributes: request.attributes, targetPath: request.target, objects: objects
                        )
                        return (start.duration(to: .now).fractionalMilliseconds, nil)
                    } catch {
                        return (start.duration(to: .now).fractionalMilliseconds, "\(error)")
                    }
                }
            }
            var outcomes: [Outcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }
}

/// A check `/health/ready` makes besides the socket's (the daemon's is Vault's `/v1/sys/health`).
package protocol ReadinessProbe: Sendable {
    /// nil when ready, else why not (no secrets: addresses and statuses only).
    func problem() async -> String?
    /// Closes the probe's connections.
    func shutdown() async
}

/// What `/health/ready` checks: the socket is serving, then the probe, if any.
package struct Readiness: Sendable {
    private let serving: ServingState
    private let probe: (any ReadinessProbe)?

    package init(serving: ServingState, probe: (any ReadinessProbe)?) {
        self.serving = serving
        self.probe = probe
    }

    /// nil when ready, else why not.
    package func check() async -> String? {
        guard serving.isServing else { return "the gRPC socket is not serving" }
        return await probe?.problem()
    }

    /// Closes the probe's connections.
    package func shutdown() async {
        await probe?.shutdown()
    }
}

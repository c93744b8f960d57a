import CoreMetrics

/// The provider's own metrics (docs/metrics.md). Labels hold results and cache names only, never pods' values.
package struct ProviderMetrics: Sendable {
    /// The two caches whose hits and misses are counted.
    enum Cache: String {
        case token, lease
    }

    private let factory: any MetricsFactory
    private let inFlight: Meter

    /// Metrics through `factory`; the default records nothing.
    package init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
        self.inFlight = Meter(label: "vault_csi_provider_mounts_in_flight", factory: factory)
    }

    func mountStarted() {
        inFlight.increment()
    }

    /// Ends a mount: `result` is `ok` or the gRPC code's name in snake case (`permission_denied`).
    func mountFinished(result: String, duration: Duration) {
        inFlight.decrement()
        Counter(label: "vault_csi_provider_mount_requests_total", dimensions: [("result", result)], factory: factory)
            .increment()
        CoreMetrics.Timer(label: "vault_csi_provider_mount_duration_seconds", factory: factory).recordNanoseconds(
            duration.wholeNanoseconds)
    }

    func loggedIn() {
        Counter(label: "vault_csi_provider_logins_total", factory: factory).increment()
    }

    /// An optional object was left out of a Mount: its secret or key was missing.
    func optionalMissing() {
        Counter(label: "vault_csi_provider_optional_missing_total", factory: factory).increment()
    }

    /// What the renewer renews.
    enum Renewal: String {
        case token, lease
    }

    /// A background renewal: `result` is `ok`, `capped` (the max TTL is near: the last renewal) or `error`.
    func renewal(_ kind: Renewal, result: String) {
        Counter(
            label: "vault_csi_provider_renewals_total", dimensions: [("kind", kind.rawValue), ("result", result)],
            factory: factory
        )
        .increment()
    }

    /// A token revoked for a deleted pod: `ok` or `error`.
    func revocation(result: String) {
        Counter(label: "vault_csi_provider_revocations_total", dimensions: [("result", result)], factory: factory)
            .increment()
    }

    func cache(_ cache: Cache, hit: Bool) {
        Counter(
            label: hit ? "vault_csi_provider_cache_hits_total" : "vault_csi_provider_cache_misses_total",
            dimensions: [("cache", cache.rawValue)], factory: factory
        ).increment()
    }
}

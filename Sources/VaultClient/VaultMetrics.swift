import CoreMetrics
import ProviderValues

/// Metrics of HTTP requests to Vault: one count per attempt, by method and status class, and a duration histogram.
/// Labels carry the HTTP method and status class only, never a path, a token or a value.
package struct VaultMetrics: Sendable {
    let factory: any MetricsFactory
    private static let knownMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "LIST", "HEAD"]

    /// Metrics through `factory`; the default records nothing.
    package init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
    }

    /// Records one attempt: `status` is nil when no HTTP answer came (connection or TLS failure, deadline).
    func recordAttempt(method: String, status: Int?, duration: Duration) {
        let codeClass = status.map { "\($0 / 100)xx" } ?? "error"
        // A class chooses its objects' methods: anything unusual is "other", so labels stay few.
        let methodLabel = VaultMetrics.knownMethods.contains(method) ? method : "other"
        Counter(
            label: "vault_csi_provider_vault_requests_total",
            dimensions: [("method", methodLabel), ("code_class", codeClass)], factory: factory
        ).increment()
        CoreMetrics.Timer(label: "vault_csi_provider_vault_request_duration_seconds", factory: factory)
            .recordNanoseconds(duration.wholeNanoseconds)
    }

    /// A request moved on from one of a list's addresses to another. The labels are those two addresses as
    /// configured (without a trailing slash), nothing else.
    func recordFailover(from: String, to: String) {
        Counter(
            label: "vault_csi_provider_vault_failovers_total", dimensions: [("from", from), ("to", to)],
            factory: factory
        ).increment()
    }
}

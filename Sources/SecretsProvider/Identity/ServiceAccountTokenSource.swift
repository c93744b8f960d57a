import ProviderConfiguration

/// Mints a service-account token for a pod when the driver sent none (the TokenRequest API).
package protocol ServiceAccountTokenSource: Sendable {
    /// A JWT for `pod`'s service account with the given audience.
    func token(for pod: PodInfo, audience: String, deadline: ContinuousClock.Instant) async throws -> String
}

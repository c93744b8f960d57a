import ProviderTestSupport

/// Requests OpenBao answered (its audit log) and Kubernetes-auth logins (TokenReviews at the stand-in), at one moment.
struct VaultCounts: Sendable {
    var requests: Int
    var logins: Int

    /// The counts now.
    static func now(_ environment: DemoEnvironment) -> VaultCounts {
        VaultCounts(requests: environment.bao.auditedRequests().count, logins: environment.kubernetes.tokenReviewCount)
    }

    /// What happened between `earlier` and `self`.
    func since(_ earlier: VaultCounts) -> VaultCounts {
        VaultCounts(requests: requests - earlier.requests, logins: logins - earlier.logins)
    }
}

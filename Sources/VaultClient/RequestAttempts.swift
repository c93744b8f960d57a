import VaultContract

/// One request's attempts so far: how many, where the next goes, and each address's last failure.
struct RequestAttempts {
    /// What comes after an attempt.
    enum Step {
        case answer(VaultResponse)
        case fail(VaultError)
        /// Another attempt, at the route's current address, after the pause.
        case retry(after: Duration)
    }

    var route: FailoverRoute
    /// `VAULT_MAX_RETRIES` + 1, but at least one per address.
    let maxAttempts: Int
    var count = 0
    /// Each address's last failure, in the order first tried.
    private var failures: [(address: Int, error: VaultError)] = []

    init(route: FailoverRoute, policy: RetryPolicy) {
        self.route = route
        maxAttempts = max(policy.maxAttempts, route.count)
    }

    /// Keeps `error` as the last failure at `address`.
    mutating func record(_ error: VaultError, at address: Int) {
        if let slot = failures.firstIndex(where: { $0.address == address }) {
            failures[slot].error = error
        } else {
            failures.append((address, error))
        }
    }

    /// The error after the last attempt: its own, or with several addresses tried, each one's last.
    func everyFailure(last: VaultError) -> VaultError {
        failures.count > 1 ? .everyAddressFailed(failures.map(\.error)) : last
    }
}

import ProviderValues

/// A lease the in-memory Vault issued with dynamic credentials.
struct IssuedLease {
    /// The token that obtained it: revoking or expiring that token revokes the lease, as in Vault.
    let owner: String
    let issued: ContinuousClock.Instant
    var expires: ContinuousClock.Instant
    let maxExpires: ContinuousClock.Instant
    var revoked = false
    var renewals = 0
}

/// What a test can see of a lease.
package struct LeaseState: Sendable, Equatable {
    package let id: String
    package let alive: Bool
    package let revoked: Bool
    package let renewals: Int
}

extension InMemoryVault {
    /// Every lease issued, oldest first.
    package var issuedLeases: [LeaseState] {
        leases.sorted { $0.value.issued < $1.value.issued }.map { id, lease in
            LeaseState(id: id, alive: isAlive(lease: lease), revoked: lease.revoked, renewals: lease.renewals)
        }
    }

    func isAlive(lease: IssuedLease) -> Bool {
        !lease.revoked && clock.now() < lease.expires && isAlive(lease.owner) != nil
    }

    /// `sys/leases/renew` and `sys/leases/revoke` with `{"lease_id", "increment"}`.
    func leaseOperation(_ operation: String, token: String?, body: JSONValue?) -> Answer {
        guard isAlive(token) != nil else { return .permissionDenied }
        guard let id = body?["lease_id"]?.stringValue, let lease = leases[id] else {
            return .error(400, "lease not found")
        }
        switch operation {
        case "renew":
            guard isAlive(lease: lease) else { return .error(400, "lease not found") }
            let now = clock.now()
            let increment = body?["increment"]?.intValue ?? Answer.seconds(lease.issued.duration(to: lease.expires))
            let expires = min(now + .seconds(increment), lease.maxExpires)
            leases[id]?.expires = expires
            leases[id]?.renewals += 1
            let granted = Answer.seconds(now.duration(to: expires))
            return .ok(.object(["lease_id": .string(id), "renewable": .bool(true), "lease_duration": .int(granted)]))
        case "revoke":
            leases[id]?.revoked = true
            return .noContent
        default:
            return .notFound
        }
    }

    /// Issues a lease of `seconds` (at most `maxSeconds`) to `owner`.
    func issueLease(prefix: String, owner: String, seconds: Int, maxSeconds: Int) -> String {
        serial += 1
        let id = "\(prefix)/lease\(serial)"
        let now = clock.now()
        leases[id] = IssuedLease(
            owner: owner, issued: now, expires: now + .seconds(seconds), maxExpires: now + .seconds(maxSeconds))
        return id
    }
}

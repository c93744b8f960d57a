/// What is mounted at a path of the in-memory Vault.
package enum VaultEngine: Sendable {
    /// Key/value version 1: `GET /v1/<mount>/<path>`.
    case kv1
    /// Key/value version 2: `GET /v1/<mount>/data/<path>[?version=N]`.
    case kv2
    /// Dynamic credentials with a lease: `GET /v1/<mount>/creds/<role>`, a new username and password each time.
    case database(leaseSeconds: Int, maxLeaseSeconds: Int)
    /// Certificates: `POST|PUT /v1/<mount>/issue/<role>` with a `common_name`, a new serial each time, no lease.
    case pki(ttlSeconds: Int)
}

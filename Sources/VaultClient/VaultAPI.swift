import ProviderValues

/// What the mount pipeline asks of one Vault server: a login and requests. `VaultHTTPClient` speaks HTTP to a real
/// server; the tests' in-memory Vault answers the same calls without one.
package protocol VaultAPI: Sendable {
    /// Logs in with a JWT through the auth method mounted at `mountPath` (`POST /v1/auth/<mount>/login`).
    func login(mountPath: String, role: String, jwt: String, namespace: String?, deadline: ContinuousClock.Instant) async throws -> VaultToken
    /// Sends one request; a non-2xx answer throws `VaultError.http`, with Vault's own error texts.
    func send(_ request: VaultRequest, token: String?, namespace: String?, deadline: ContinuousClock.Instant) async throws -> VaultResponse
}

/// Hands out the `VaultAPI` for an address and TLS settings: the daemon's is `VaultClientPool`.
package protocol VaultConnector: Sendable {
    /// The Vault at `address`, reached with `tls`; throws `VaultError.invalidSettings` when they cannot be used.
    func vault(address: String, tls: TLSSettings) async throws -> any VaultAPI
    /// Closes every connection.
    func shutdown() async
}

extension VaultHTTPClient: VaultAPI {}

extension VaultClientPool: VaultConnector {
    package func vault(address: String, tls: TLSSettings) async throws -> any VaultAPI {
        try await client(address: address, tls: tls)
    }
}

import ProviderValues

/// What the mount pipeline asks of one Vault server: requests, and a login written over them. `VaultHTTPClient`
/// speaks HTTP to a real server; the tests' in-memory Vault answers the same calls without one.
package protocol VaultAPI: Sendable {
    /// Sends one request; a non-2xx answer throws `VaultError.http`, with Vault's own error texts.
    func send(
        _ request: VaultRequest, token: String?, namespace: String?,
        deadline: ContinuousClock.Instant
    ) async throws -> VaultResponse
    /// The server's address as errors show it (no trailing slash): `https://vault:8200`.
    var displayAddress: String { get }
}

extension VaultAPI {
    /// Logs in with a JWT through the auth method mounted at `mountPath` (`POST /v1/auth/<mount>/login`).
    package func login(
        mountPath: String, role: String, jwt: String, namespace: String?,
        deadline: ContinuousClock.Instant
    ) async throws -> VaultToken {
        let body = JSONValue.object(["role": .string(role), "jwt": .string(jwt)]).canonicalJSON
        let request = VaultRequest(method: "POST", path: "/v1/auth/\(mountPath)/login", body: body)
        return try await login(request, namespace: namespace, deadline: deadline)
    }

    /// Sends a login request of any auth method and reads the token from its answer.
    package func login(_ request: VaultRequest, namespace: String?, deadline: ContinuousClock.Instant) async throws
        -> VaultToken
    {
        let response = try await send(request, token: nil, namespace: namespace, deadline: deadline)
        return try VaultToken(
            loginAnswer: response.body, url: displayAddress + request.shownPathAndQuery,
            boundAddress: response.tokenAddress)
    }
}

/// Hands out the `VaultAPI` for an address and TLS settings: the daemon's is `VaultClientPool`.
package protocol VaultConnector: Sendable {
    /// The Vault at `address`, reached with `tls`; throws `VaultError.invalidSettings` when they cannot be used.
    /// The caller hands it back with `release` once done.
    func vault(address: String, tls: TLSSettings) async throws -> any VaultAPI
    /// Hands back a Vault `vault(address:tls:)` gave.
    func release(_ vault: any VaultAPI) async
    /// Closes every connection.
    func shutdown() async
}

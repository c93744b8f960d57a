import Logging
import ProviderConfiguration
import VaultContract

/// Opens mounts' Vault sessions: the client from the connector, the token from the cache or a fresh login as the pod.
struct VaultSessions: Sendable {
    let clients: any VaultConnector
    let tokens: VaultTokenCache
    let identity: IdentityResolver
    /// Every token obtained, for renewal and revocation.
    let held: HeldTokens
    let metrics: ProviderMetrics

    /// A session for `configuration` at `vault`, reusing a cached token when there is one; `close` hands its client
    /// back.
    func open(
        _ vault: ResolvedVault, for configuration: MountConfiguration, deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> VaultSession {
        let client: any VaultAPI
        do {
            client = try await clients.vault(address: vault.address, tls: vault.tls)
        } catch let error as VaultError {
            throw MountError(MountError.code(for: error), error.description)
        }
        let key = TokenCacheKey(vault: vault, configuration: configuration)
        do {
            let (entry, cached) = try await tokens.token(
                for: key, login: login(client, vault, key, configuration, deadline, logger))
            metrics.cache(.token, hit: cached)
            return VaultSession(
                vault: vault.bound(to: entry.token.boundAddress), client: client, key: key, token: entry,
                cached: cached)
        } catch {
            await clients.release(client)
            throw error
        }
    }

    /// Hands the session's client back to the connector; the session is not used for requests afterwards.
    func close(_ session: VaultSession) async {
        await clients.release(session.client)
    }

    /// The same session with a fresh login, after Vault refused its cached token (revoked, or its policies changed).
    func reopen(
        _ session: VaultSession, for configuration: MountConfiguration, deadline: ContinuousClock.Instant,
        logger: Logger
    ) async throws -> VaultSession {
        logger.debug("a cached Vault token was refused; logging in again")
        await tokens.invalidate(session.key, clientToken: session.token.token.clientToken)
        let (entry, cached) = try await tokens.token(
            for: session.key, login: login(session.client, session.vault, session.key, configuration, deadline, logger))
        return VaultSession(
            vault: session.vault.bound(to: entry.token.boundAddress), client: session.client, key: session.key,
            token: entry, cached: cached)
    }

    /// Logs in as the pod (its JWT through the auth mount, with the class's role), or with the nodePublishSecretRef's
    /// credentials.
    private func login(
        _ client: any VaultAPI, _ vault: ResolvedVault, _ key: TokenCacheKey, _ configuration: MountConfiguration,
        _ deadline: ContinuousClock.Instant, _ logger: Logger
    ) -> @Sendable () async throws -> VaultToken {
        { [identity, metrics, held, clients] in
            // Kept small (every login waiting for a permit holds this frame): the login itself is `obtainToken`.
            let token = try await Self.obtainToken(
                configuration, vault, client: client, clients: clients, identity: identity, deadline: deadline)
            metrics.loggedIn()
            await held.add(token, key: key, vault: vault.bound(to: token.boundAddress))
            Self.logLogin(configuration, vault, logger)
            return token
        }
    }

    /// The debug line after a login (out of line: its metadata stays out of the login closure's async frame).
    @inline(never)
    private static func logLogin(_ configuration: MountConfiguration, _ vault: ResolvedVault, _ logger: Logger) {
        logger.debug(
            "logged in to Vault",
            metadata: [
                "role": "\(configuration.roleName)", "mount": "\(vault.authMountPath)",
                "method": "\(configuration.authMethod.rawValue)",
            ])
    }

    /// Vault's refusal of a login, as the Mount's error for its first object.
    @inline(never)
    private static func loginFailure(_ configuration: MountConfiguration, _ error: VaultError) -> MountError {
        MountError(reading: configuration.objects[0].objectName, error, loggingIn: true)
    }

    /// A new token: with the nodePublishSecretRef's credentials, else the pod's JWT. Vault's refusal is the Mount's
    /// error for its first object.
    private static func obtainToken(
        _ configuration: MountConfiguration, _ vault: ResolvedVault, client: any VaultAPI,
        clients: any VaultConnector, identity: IdentityResolver, deadline: ContinuousClock.Instant
    ) async throws -> VaultToken {
        do {
            if configuration.authMethod.usesNodePublishSecret {
                return try await login(
                    SecretLogin(configuration, vault: vault), client: client, clients: clients, vault: vault,
                    deadline: deadline)
            }
            return try await podLogin(configuration, vault, client: client, identity: identity, deadline: deadline)
        } catch let error as VaultError {
            throw loginFailure(configuration, error)
        }
    }

    /// Logs in with the pod's service-account JWT.
    @inline(never)
    private static func podLogin(
        _ configuration: MountConfiguration, _ vault: ResolvedVault, client: any VaultAPI,
        identity: IdentityResolver, deadline: ContinuousClock.Instant
    ) async throws -> VaultToken {
        let jwt = try await identity.jwt(for: configuration, deadline: deadline)
        return try await client.login(
            mountPath: vault.authMountPath, role: configuration.roleName, jwt: jwt, namespace: vault.namespace,
            deadline: deadline)
    }

    /// Sends a nodePublishSecretRef login: on the session's client, or for cert on a client presenting the
    /// certificate, checked out for the login alone.
    @inline(never)
    private static func login(
        _ login: SecretLogin, client: any VaultAPI, clients: any VaultConnector, vault: ResolvedVault,
        deadline: ContinuousClock.Instant
    ) async throws -> VaultToken {
        guard let identity = login.identity else {
            return try await client.login(login.request, namespace: vault.namespace, deadline: deadline)
        }
        var tls = vault.tls
        tls.clientIdentity = identity
        let certClient = try await clients.vault(address: vault.address, tls: tls)
        do {
            let token = try await certClient.login(login.request, namespace: vault.namespace, deadline: deadline)
            await clients.release(certClient)
            return token
        } catch {
            await clients.release(certClient)
            throw error
        }
    }
}

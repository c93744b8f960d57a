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
            let secretLogin =
                configuration.authMethod.usesNodePublishSecret ? try SecretLogin(configuration, vault: vault) : nil
            let jwt = secretLogin == nil ? try await identity.jwt(for: configuration, deadline: deadline) : ""
            do {
                let token: VaultToken
                if let secretLogin {
                    token = try await Self.login(
                        secretLogin, client: client, clients: clients, vault: vault, deadline: deadline)
                } else {
                    token = try await client.login(
                        mountPath: vault.authMountPath, role: configuration.roleName, jwt: jwt,
                        namespace: vault.namespace, deadline: deadline)
                }
                metrics.loggedIn()
                await held.add(token, key: key, vault: vault.bound(to: token.boundAddress))
                logger.debug(
                    "logged in to Vault",
                    metadata: [
                        "role": "\(configuration.roleName)", "mount": "\(vault.authMountPath)",
                        "method": "\(configuration.authMethod.rawValue)",
                    ])
                return token
            } catch let error as VaultError {
                throw MountError(reading: configuration.objects[0].objectName, error, loggingIn: true)
            }
        }
    }

    /// Sends a nodePublishSecretRef login: on the session's client, or for cert on a client presenting the
    /// certificate, checked out for the login alone.
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

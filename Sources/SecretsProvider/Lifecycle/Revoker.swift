import Logging
import VaultContract

/// Revokes a deleted pod's Vault tokens (`auth/token/revoke-self`), which revokes the leases obtained with them, and
/// drops its cache entries. Only tokens of that pod uid are touched.
struct Revoker: Sendable {
    /// Checked out for each revocation.
    let clients: any VaultConnector
    let credentials: PodCredentials
    let metrics: ProviderMetrics
    let logger: Logger

    /// How long a revocation may take.
    static let requestTimeout = Duration.seconds(10)

    func revoke(podUID: String) async {
        await credentials.tokens.removeAll(podUID: podUID)
        await credentials.leases.removeAll(podUID: podUID)
        let taken = await credentials.held.take(podUID: podUID)
        for token in taken {
            let request = VaultRequest(method: "POST", path: "/v1/auth/token/revoke-self")
            do {
                _ = try await clients.send(
                    request, to: token.vault, token: token.clientToken, deadline: .now + Self.requestTimeout)
                metrics.revocation(result: "ok")
            } catch {
                metrics.revocation(result: "error")
                logger.warning(
                    "could not revoke a deleted pod's Vault token; its leases expire on their own",
                    metadata: ["pod_uid": "\(podUID)", "error": "\(error)"])
            }
        }
        if !taken.isEmpty {
            logger.info(
                "revoked the Vault tokens of a deleted pod",
                metadata: ["pod_uid": "\(podUID)", "tokens": "\(taken.count)"])
        }
    }
}

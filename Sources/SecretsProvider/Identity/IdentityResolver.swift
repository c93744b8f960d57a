import ProviderConfiguration

/// Finds the JWT a mount logs in with: the driver's token for the audience, else a minted one.
struct IdentityResolver: Sendable {
    let minter: (any ServiceAccountTokenSource)?

    func jwt(for configuration: MountConfiguration, deadline: ContinuousClock.Instant) async throws -> String {
        if let token = configuration.driverToken { return token }
        let audience = configuration.audience
        guard let minter else {
            throw MountError(
                .failedPrecondition,
                """
                no service account token for audience \"\(audience)\" and TokenRequest failed: no Kubernetes \
                client is configured;\u{20}
                """
                    + "set tokenRequests with audience \"\(audience)\" on the CSIDriver object")
        }
        do {
            return try await minter.token(for: configuration.pod, audience: audience, deadline: deadline)
        } catch {
            throw MountError(
                .failedPrecondition,
                "no service account token for audience \"\(audience)\" and TokenRequest failed: \(error)")
        }
    }
}

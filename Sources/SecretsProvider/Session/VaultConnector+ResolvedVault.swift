import VaultContract

extension VaultConnector {
    /// Sends one request to `vault` on a client checked out for it and handed back once answered: background work
    /// (renewals, revocations) never keeps a client the pool may have evicted since. A token bound to one address
    /// (`ResolvedVault.tokenAddress`) goes there only.
    func send(
        _ request: VaultRequest, to vault: ResolvedVault, token: String, deadline: ContinuousClock.Instant
    ) async throws -> VaultResponse {
        let client = try await self.vault(address: vault.address, tls: vault.tls)
        do {
            var request = request
            request.onlyAddress = vault.tokenAddress
            let response = try await client.send(request, token: token, namespace: vault.namespace, deadline: deadline)
            await release(client)
            return response
        } catch {
            await release(client)
            throw error
        }
    }
}

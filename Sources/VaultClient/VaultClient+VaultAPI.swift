import ProviderValues
import VaultContract

/// The HTTP client is the pipeline's Vault.
extension VaultHTTPClient: VaultAPI {}

/// The pool hands out its clients as the pipeline's Vaults.
extension VaultClientPool: VaultConnector {
    package func vault(address: String, tls: TLSSettings) async throws -> any VaultAPI {
        try await client(address: address, tls: tls)
    }

    package func release(_ vault: any VaultAPI) async {
        if let client = vault as? VaultHTTPClient { await checkIn(client) }
    }
}

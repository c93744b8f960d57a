import Logging
import NIOSSL
import ProviderValues
import VaultContract

/// One `VaultHTTPClient` per distinct (address, TLS settings), reused across mounts; least recently used ones are shut down.
package actor VaultClientPool {
    private struct Key: Hashable {
        let address: String
        let tls: TLSSettings
    }

    private var clients: LRUCache<Key, VaultHTTPClient>
    /// The bound on Vault requests on the wire at once, shared by every client of the pool.
    package nonisolated let limiter: VaultRequestLimiter
    private let transport: VaultTransportSettings
    private let metrics: VaultMetrics
    private let logger: Logger

    /// At most `capacity` clients, together sending at most `maxConcurrentRequests` requests at once.
    package init(capacity: Int = 64, maxConcurrentRequests: Int = VaultClientPool.defaultMaxConcurrentRequests,
                transport: VaultTransportSettings = VaultTransportSettings(), metrics: VaultMetrics = VaultMetrics(), logger: Logger) {
        self.clients = LRUCache(capacity: max(1, capacity))
        self.transport = transport
        self.limiter = VaultRequestLimiter(limit: maxConcurrentRequests, factory: metrics.factory)
        self.metrics = metrics
        self.logger = logger
    }

    /// `-max-concurrent-vault-requests` by default (docs/reference.md says how it was chosen).
    package static let defaultMaxConcurrentRequests = 64

    /// The client for this address and TLS settings, built on first use. Its PEM files are read outside the actor
    /// (`TLSFile`: regular files only, never blocking), so one class's files never hold up another mount's client.
    package nonisolated func client(address: String, tls: TLSSettings) async throws -> VaultHTTPClient {
        let key = Key(address: address, tls: tls)
        if let client = await cached(key) { return client }
        let loaded = address.lowercased().hasPrefix("https://") ? try VaultTLS.configuration(for: tls) : nil
        return try await client(for: key, loadedTLS: loaded)
    }

    private func cached(_ key: Key) -> VaultHTTPClient? {
        clients.value(for: key)
    }

    /// The client for `key`: one built meanwhile by another mount, else a new one from the TLS already read.
    private func client(for key: Key, loadedTLS: TLSConfiguration?) throws -> VaultHTTPClient {
        if let client = clients.value(for: key) { return client }
        let client = try VaultHTTPClient(address: key.address, tls: key.tls, loadedTLS: loadedTLS, transport: transport, limiter: limiter,
                                         metrics: metrics, logger: logger)
        for old in clients.set(client, for: key) {
            Task { await old.shutdown() }
        }
        return client
    }

    /// How many clients are open.
    package var count: Int { clients.count }

    /// Shuts every client down.
    package func shutdown() async {
        for client in clients.removeAll() { await client.shutdown() }
    }
}

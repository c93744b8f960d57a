import Logging
import NIOSSL
import ProviderValues
import VaultContract

/// One `VaultHTTPClient` per distinct (address, TLS settings), reused across mounts; least recently used ones are
/// evicted. A client is checked out by `client(address:tls:)` and handed back by `checkIn`: an evicted client shuts
/// down at once when nobody uses it, else when its last user hands it back, so no Mount loses its client mid-way.
package actor VaultClientPool {
    private struct Key: Hashable {
        let address: String
        let tls: TLSSettings
    }

    private var clients: LRUCache<Key, VaultHTTPClient>
    /// How many checkouts of each client are not handed back yet.
    private var users: [ObjectIdentifier: Int] = [:]
    /// Clients evicted while in use, until their last user hands them back.
    private var evicted: [ObjectIdentifier: VaultHTTPClient] = [:]
    /// Shuts an evicted client down (tests observe it).
    private let retire: @Sendable (VaultHTTPClient) async -> Void
    /// The bound on Vault requests on the wire at once, shared by every client of the pool.
    package nonisolated let limiter: VaultRequestLimiter
    private let transport: VaultTransportSettings
    private let metrics: VaultMetrics
    private let logger: Logger

    /// At most `capacity` clients, together sending at most `maxConcurrentRequests` requests at once.
    package init(
        capacity: Int = 64, maxConcurrentRequests: Int = VaultClientPool.defaultMaxConcurrentRequests,
        transport: VaultTransportSettings = VaultTransportSettings(), metrics: VaultMetrics = VaultMetrics(),
        logger: Logger,
        retire: @escaping @Sendable (VaultHTTPClient) async -> Void = { await $0.shutdown() }
    ) {
        self.clients = LRUCache(capacity: max(1, capacity))
        self.transport = transport
        self.limiter = VaultRequestLimiter(limit: maxConcurrentRequests, factory: metrics.factory)
        self.metrics = metrics
        self.logger = logger
        self.retire = retire
    }

    /// `-max-concurrent-vault-requests` by default (docs/reference.md says how it was chosen).
    package static let defaultMaxConcurrentRequests = 64

    /// Checks out the client for this address and TLS settings, built on first use; hand it back with `checkIn`.
    /// Its PEM files are read outside the actor (`TLSFile`: regular files only, never blocking), so one class's files
    /// never hold up another mount's client.
    package nonisolated func client(address: String, tls: TLSSettings) async throws -> VaultHTTPClient {
        let key = Key(address: address, tls: tls)
        if let client = await checkOut(key) { return client }
        let https = VaultAddressList(address)?.addresses.contains { $0.lowercased().hasPrefix("https://") } ?? false
        let loaded = https ? try VaultTLS.configuration(for: tls) : nil
        let (client, unused) = try await checkOut(key, loadedTLS: loaded)
        for old in unused { await retire(old) }
        return client
    }

    /// Hands back a client `client(address:tls:)` gave; an evicted client shuts down when its last user hands it back.
    package func checkIn(_ client: VaultHTTPClient) async {
        let id = ObjectIdentifier(client)
        guard let count = users[id] else { return }
        guard count <= 1 else {
            users[id] = count - 1
            return
        }
        users[id] = nil
        if let old = evicted.removeValue(forKey: id) { await retire(old) }
    }

    /// The cached client for `key`, checked out.
    private func checkOut(_ key: Key) -> VaultHTTPClient? {
        guard let client = clients.value(for: key) else { return nil }
        users[ObjectIdentifier(client), default: 0] += 1
        return client
    }

    /// The client for `key`, checked out: one built meanwhile by another mount, else a new one from the TLS already
    /// read; and the clients it evicted that nobody uses, to shut down.
    private func checkOut(_ key: Key, loadedTLS: TLSConfiguration?) throws
        -> (VaultHTTPClient, unused: [VaultHTTPClient])
    {
        if let client = checkOut(key) { return (client, []) }
        let client = try VaultHTTPClient(
            address: key.address, tls: key.tls, loadedTLS: loadedTLS, transport: transport,
            limiter: limiter, metrics: metrics, logger: logger)
        users[ObjectIdentifier(client)] = 1
        var unused: [VaultHTTPClient] = []
        for old in clients.set(client, for: key) {
            if users[ObjectIdentifier(old)] == nil { unused.append(old) } else { evicted[ObjectIdentifier(old)] = old }
        }
        return (client, unused)
    }

    /// How many clients are open.
    package var count: Int { clients.count + evicted.count }

    /// Shuts every client down, evicted ones still in use included (the daemon calls it once its work ended).
    package func shutdown() async {
        let all = clients.removeAll() + evicted.values
        evicted = [:]
        users = [:]
        for client in all { await retire(client) }
    }
}

import Logging
import ProviderConfiguration

/// One `VaultHTTPClient` per distinct (address, TLS settings), reused across mounts; least recently used ones are shut down.
public actor VaultClientPool {
    private struct Key: Hashable {
        let address: String
        let tls: TLSSettings
    }

    private var clients: [Key: VaultHTTPClient] = [:]
    private var recency: [Key] = []
    private let capacity: Int
    private let metrics: VaultMetrics
    private let logger: Logger

    public init(capacity: Int = 64, metrics: VaultMetrics = VaultMetrics(), logger: Logger) {
        self.capacity = max(1, capacity)
        self.metrics = metrics
        self.logger = logger
    }

    /// The client for this address and TLS settings, built on first use.
    public func client(address: String, tls: TLSSettings) throws -> VaultHTTPClient {
        let key = Key(address: address, tls: tls)
        if let client = clients[key] {
            recency.removeAll { $0 == key }
            recency.append(key)
            return client
        }
        let client = try VaultHTTPClient(address: address, tls: tls, metrics: metrics, logger: logger)
        clients[key] = client
        recency.append(key)
        if recency.count > capacity {
            let evicted = recency.removeFirst()
            if let old = clients.removeValue(forKey: evicted) {
                Task { await old.shutdown() }
            }
        }
        return client
    }

    /// How many clients are open.
    public var count: Int { clients.count }

    /// Shuts every client down.
    public func shutdown() async {
        for client in clients.values { await client.shutdown() }
        clients.removeAll()
        recency.removeAll()
    }
}

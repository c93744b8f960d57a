import Logging
import ProviderValues
import Synchronization
import Testing
import VaultContract

@testable import VaultClient

/// The pool shuts a client down only once nobody uses it: an evicted client in use keeps working until handed
/// back, and the pool's own shutdown waits for every client.
@Suite struct VaultClientPoolTests {
    /// Records the clients the pool shut down, each after `takes`.
    final class Retired: Sendable {
        private let clients = Mutex<[ObjectIdentifier]>([])
        let takes: Duration

        init(takes: Duration = .zero) {
            self.takes = takes
        }

        func retire(_ client: VaultHTTPClient) async {
            if takes > .zero { try? await Task.sleep(for: takes) }
            await client.shutdown()
            clients.withLock { $0.append(ObjectIdentifier(client)) }
        }

        func contains(_ client: VaultHTTPClient) -> Bool { clients.withLock { $0.contains(ObjectIdentifier(client)) } }
        var count: Int { clients.withLock { $0.count } }
    }

    /// A pool of one client.
    static func pool(_ retired: Retired) -> VaultClientPool {
        VaultClientPool(
            capacity: 1, logger: Logger(label: "pool-test", factory: { _ in SwiftLogNoOpLogHandler() }),
            retire: { await retired.retire($0) })
    }

    @Test func anEvictedClientInUseShutsDownWhenHandedBack() async throws {
        let retired = Retired()
        let pool = Self.pool(retired)
        let first = try await pool.client(address: "http://127.0.0.1:1", tls: TLSSettings())
        let second = try await pool.client(address: "http://127.0.0.2:1", tls: TLSSettings())
        #expect(!retired.contains(first), "evicted, but a Mount still uses it")
        #expect(await pool.count == 2)
        await pool.checkIn(first)
        #expect(retired.contains(first))
        #expect(!retired.contains(second))
        #expect(await pool.count == 1)
        await pool.shutdown()
    }

    @Test func anEvictedClientShutsDownOnlyWhenItsLastUserHandsItBack() async throws {
        let retired = Retired()
        let pool = Self.pool(retired)
        let first = try await pool.client(address: "http://127.0.0.1:1", tls: TLSSettings())
        let again = try await pool.client(address: "http://127.0.0.1:1", tls: TLSSettings())
        #expect(again === first)
        _ = try await pool.client(address: "http://127.0.0.2:1", tls: TLSSettings())
        await pool.checkIn(first)
        #expect(!retired.contains(first), "one user left")
        await pool.checkIn(again)
        #expect(retired.contains(first))
        await pool.shutdown()
    }

    @Test func anEvictedClientNobodyUsesShutsDownAtOnce() async throws {
        let retired = Retired()
        let pool = Self.pool(retired)
        let first = try await pool.client(address: "http://127.0.0.1:1", tls: TLSSettings())
        await pool.checkIn(first)
        #expect(!retired.contains(first), "still cached")
        _ = try await pool.client(address: "http://127.0.0.2:1", tls: TLSSettings())
        #expect(retired.contains(first))
        await pool.shutdown()
    }

    @Test func theEvictedClientInUseStillSends() async throws {
        let quiet = Logger(label: "pool-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let pool = VaultClientPool(capacity: 1, logger: quiet)
        let first = try await pool.client(address: "http://127.0.0.1:1", tls: TLSSettings())
        _ = try await pool.client(address: "http://127.0.0.2:1", tls: TLSSettings())
        // Nothing listens on port 1: a working client reports the refused connection, a client shut down says so.
        #expect(try await Self.failure(of: first).contains("shut") == false)
        await pool.shutdown()
        #expect(try await Self.failure(of: first).contains("shut"))
    }

    /// What `client`'s request to a closed port fails with, in lower case.
    static func failure(of client: VaultHTTPClient) async throws -> String {
        let error = await #expect(throws: VaultError.self) {
            try await client.send(
                VaultRequest(method: "GET", secretPath: "kv/a"), token: nil, namespace: nil,
                deadline: .now + .seconds(5))
        }
        return (error.map { "\($0)" } ?? "").lowercased()
    }

    @Test func shutdownWaitsForEveryClientEvictedOnesInUseIncluded() async throws {
        let retired = Retired(takes: .milliseconds(50))
        let pool = Self.pool(retired)
        _ = try await pool.client(address: "http://127.0.0.1:1", tls: TLSSettings())
        _ = try await pool.client(address: "http://127.0.0.2:1", tls: TLSSettings())
        await pool.shutdown()
        #expect(retired.count == 2)
        #expect(await pool.count == 0)
    }
}

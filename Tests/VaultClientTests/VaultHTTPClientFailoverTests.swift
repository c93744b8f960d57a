import Logging
import MetricsTestKit
import ProviderTestSupport
import ProviderValues
import Testing
import VaultContract

@testable import VaultClient

/// A client over several addresses, against local stand-ins (fault proxies that answer by themselves) and closed
/// ports: where its attempts go, what it counts and what it says when none answers.
@Suite struct VaultHTTPClientFailoverTests {
    static let read = VaultRequest(method: "GET", secretPath: "secret/data/app")
    static let failovers = "vault_csi_provider_vault_failovers_total"

    /// A Vault stand-in answering `status` to every request: a fault proxy with nothing behind it.
    static func vault(answering status: Int = 200) async throws -> FaultProxy {
        let proxy = try await FaultProxy.start(upstream: "http://127.0.0.1:1")
        proxy.inject(.status(status, errors: status == 200 ? [] : ["stand-in \(status)"]), onPathContaining: "/v1/")
        return proxy
    }

    /// An address nothing listens on any more: a Vault that was stopped.
    static func stoppedVault() async throws -> String {
        let proxy = try await FaultProxy.start(upstream: "http://127.0.0.1:1")
        await proxy.stop()
        return proxy.address
    }

    static func client(
        _ addresses: [String], metrics: TestMetrics = TestMetrics(),
        transport: VaultTransportSettings = VaultTransportSettings(),
        clock: FailoverStateTests.MovedClock = FailoverStateTests.MovedClock()
    ) throws -> VaultHTTPClient {
        try VaultHTTPClient(
            address: addresses.joined(separator: ", "), tls: TLSSettings(), transport: transport,
            metrics: VaultMetrics(factory: metrics),
            logger: Logger(label: "failover-test", factory: { _ in SwiftLogNoOpLogHandler() }), now: clock.now)
    }

    static func send(_ client: VaultHTTPClient, _ request: VaultRequest = read, token: String? = nil) async throws
        -> VaultResponse
    {
        try await client.send(request, token: token, namespace: nil, deadline: .now + .seconds(10))
    }

    static func failovers(_ metrics: TestMetrics, from: String, to: String) -> Int64 {
        metrics.counterTotal(label: failovers, dimensions: [("from", from), ("to", to)])
    }

    @Test func aStoppedAddressIsPassedAndTheOneThatAnsweredGoesFirstForTheHold() async throws {
        let down = try await Self.stoppedVault()
        let up = try await Self.vault()
        let metrics = TestMetrics()
        let clock = FailoverStateTests.MovedClock()
        let client = try Self.client([down, up.address], metrics: metrics, clock: clock)
        #expect(try await Self.send(client).status == 200)
        #expect(up.requests.count == 1)
        #expect(Self.failovers(metrics, from: down, to: up.address) == 1)
        #expect(metrics.counters(label: Self.failovers).count == 1, "the two addresses are the only label values")

        #expect(try await Self.send(client).status == 200)
        #expect(Self.failovers(metrics, from: down, to: up.address) == 1, "within the hold the stopped one waits")
        clock.advance(FailoverState.defaultHold)
        #expect(try await Self.send(client).status == 200)
        #expect(Self.failovers(metrics, from: down, to: up.address) == 2, "after the hold the first is tried again")
        #expect(up.requests.count == 3)
        await client.shutdown()
        await up.stop()
    }

    @Test func a503MovesOnAt502To504ButA500IsRetriedWhereItCameFrom() async throws {
        let sealed = try await Self.vault(answering: 503)
        let spare = try await Self.vault()
        let client = try Self.client([sealed.address, spare.address])
        #expect(try await Self.send(client).status == 200)
        #expect(sealed.requests.count == 1)
        #expect(spare.requests.count == 1)

        let failing = try await Self.vault(answering: 500)
        let other = try await Self.vault()
        let staying = try Self.client([failing.address, other.address])
        let error = await #expect(throws: VaultError.self) { try await Self.send(staying) }
        #expect("\(error!)".contains("Code: 500"), "\(error!)")
        #expect(failing.requests.count == 3)
        #expect(other.requests.isEmpty)
        for proxy in [sealed, spare, failing, other] { await proxy.stop() }
        await client.shutdown()
        await staying.shutdown()
    }

    @Test func whenNoAddressAnswersTheErrorNamesEachOneAndNeverTheToken() async throws {
        let down = try await Self.stoppedVault()
        let sealed = try await Self.vault(answering: 503)
        // No retries asked for: still one attempt per address.
        let client = try Self.client([down, sealed.address], transport: VaultTransportSettings(maxRetries: 0))
        let error = await #expect(throws: VaultError.self) {
            try await Self.send(client, token: "s.failover-test-token")
        }
        let text = "\(error!)"
        guard case .everyAddressFailed(let failures)? = error else {
            Issue.record("not every address's failure: \(text)")
            return
        }
        #expect(failures.count == 2)
        #expect(
            text.hasPrefix("no Vault address answered: Vault at \(down)/v1/secret/data/app is unreachable"), "\(text)")
        #expect(text.contains("URL: GET \(sealed.address)/v1/secret/data/app Code: 503"), "\(text)")
        #expect(!text.contains("failover-test-token"))
        #expect(sealed.requests.count == 1)
        await client.shutdown()
        await sealed.stop()
    }

    @Test func oneAddressFailsAsBeforeWithoutFailovers() async throws {
        let sealed = try await Self.vault(answering: 503)
        let metrics = TestMetrics()
        let client = try Self.client([sealed.address], metrics: metrics)
        let error = await #expect(throws: VaultError.self) { try await Self.send(client) }
        guard case .http(_, _, 503, _)? = error else {
            Issue.record("not Vault's own answer: \(String(describing: error))")
            return
        }
        #expect(sealed.requests.count == 3)
        #expect(metrics.counters(label: Self.failovers).isEmpty)
        await client.shutdown()
        await sealed.stop()
    }

    @Test func aTLSHandshakeFailureMovesOn() async throws {
        let plain = try await Self.vault()
        let up = try await Self.vault()
        let tlsToPlain = "https://127.0.0.1:\(plain.port)"
        let metrics = TestMetrics()
        let client = try Self.client([tlsToPlain, up.address], metrics: metrics)
        #expect(try await Self.send(client).status == 200)
        #expect(up.requests.count == 1)
        #expect(Self.failovers(metrics, from: tlsToPlain, to: up.address) == 1)
        await client.shutdown()
        for proxy in [plain, up] { await proxy.stop() }
    }

    @Test func withoutSharedTokensAnAnswerNamesItsAddressAndABoundRequestGoesThereOnly() async throws {
        let down = try await Self.stoppedVault()
        let up = try await Self.vault()
        let separate = try Self.client(
            [down, up.address], transport: VaultTransportSettings(addressesShareTokens: false))
        #expect(try await Self.send(separate).tokenAddress == up.address)
        var bound = Self.read
        bound.onlyAddress = down
        await #expect(throws: VaultError.self) { try await Self.send(separate, bound, token: "s.bound-token") }
        #expect(up.requests.count == 1, "a token bound to the stopped address never goes to the other")

        let shared = try Self.client([down, up.address])
        #expect(try await Self.send(shared).tokenAddress == nil, "one cluster: a token is good at every address")
        await separate.shutdown()
        await shared.shutdown()
        await up.stop()
    }
}

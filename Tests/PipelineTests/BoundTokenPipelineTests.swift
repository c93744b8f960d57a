import Foundation
import InMemoryVault
import Logging
import ProviderConfiguration
import ProviderValues
import SecretsProvider
import Synchronization
import Testing
import VaultContract

/// With `-vault-addresses-share-tokens=false`, a token goes only to the address that issued it; when that address
/// stops answering, a Mount with the cached token logs in again (at an address that answers) and succeeds.
@Suite struct BoundTokenPipelineTests {
    /// Two addresses in front of one in-memory Vault, as a client that does not share tokens across them behaves:
    /// a login is answered by the first address up and its token bound there; a bound request goes only there.
    final class TwoAddresses: VaultConnector, VaultAPI {
        static let first = "http://vault-0.in-memory:8200"
        static let second = "http://vault-1.in-memory:8200"
        struct State {
            var down: Set<String> = []
            /// The address each token was issued at.
            var issuer: [String: String] = [:]
            /// Where each token-carrying request went.
            var sent: [(token: String, address: String)] = []
        }

        let inner: InMemoryVault
        let state = Mutex(State())
        init(inner: InMemoryVault) { self.inner = inner }

        var displayAddress: String { "\(Self.first),\(Self.second)" }
        func vault(address: String, tls: TLSSettings) async throws -> any VaultAPI { self }
        func release(_ vault: any VaultAPI) async {}
        func shutdown() async {}

        func send(_ request: VaultRequest, token: String?, namespace: String?, deadline: ContinuousClock.Instant)
            async throws -> VaultResponse
        {
            let down = state.withLock { $0.down }
            let address: String
            if let only = request.onlyAddress {
                address = only
            } else {
                address =
                    try [Self.first, Self.second].first { !down.contains($0) }
                    ?? { throw VaultError.unreachable(url: displayAddress, reason: "all down") }()
            }
            guard !down.contains(address) else {
                throw VaultError.unreachable(url: address + request.path, reason: "connection refused")
            }
            if let token { state.withLock { $0.sent.append((token, address)) } }
            let response = try await inner.send(request, token: token, namespace: namespace, deadline: deadline)
            if let issued = try? VaultToken(loginAnswer: response.body, url: "") {
                state.withLock { $0.issuer[issued.clientToken] = address }
            }
            return VaultResponse(status: response.status, body: response.body, tokenAddress: address)
        }
    }

    @Test func aCachedTokenWhoseAddressStoppedLogsInAgainElsewhere() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/app", ["password": "p1"])
        let vault = TwoAddresses(inner: fixture.vault)
        let provider = MountPipeline(
            settings: ProviderSettings(
                vault: VaultSettings(address: vault.displayAddress), writeMode: .driver),
            vault: vault, clock: fixture.clock.cacheClock,
            logger: Logger(label: "bound-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let objects = "- {objectName: password, secretPath: secret/data/app, secretKey: password}"
        let pipeline = PipelineFixture(reusing: fixture, provider: provider)

        #expect(try await pipeline.mount(objects).text("password") == "p1")
        vault.state.withLock { _ = $0.down.insert(TwoAddresses.first) }
        #expect(try await pipeline.mount(objects).text("password") == "p1", "the cached token's address is down")
        #expect(await fixture.vault.loginCount == 2)

        let state = vault.state.withLock { $0 }
        #expect(Set(state.issuer.values) == [TwoAddresses.first, TwoAddresses.second])
        for (token, address) in state.sent {
            #expect(state.issuer[token] == address, "a token went to an address that did not issue it")
        }
    }
}

extension PipelineFixture {
    /// `other`'s Vault and clock, mounted through `provider`.
    init(reusing other: PipelineFixture, provider: MountPipeline) {
        vault = other.vault
        clock = other.clock
        self.provider = provider
    }
}

import Logging
import ProviderConfiguration
import ProviderTestSupport
import Testing

@testable import ProviderWiring

/// Readiness's Vault check over a list of addresses: ready when any one of them can serve reads.
@Suite struct VaultHealthProbeTests {
    static let logger = Logger(label: "probe-test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A stand-in answering `status` to `/v1/sys/health`.
    static func vault(answering status: Int) async throws -> FaultProxy {
        let proxy = try await FaultProxy.start(upstream: "http://127.0.0.1:1")
        proxy.inject(.status(status), onPathContaining: "/v1/sys/health")
        return proxy
    }

    static func stoppedAddress() async throws -> String {
        let proxy = try await FaultProxy.start(upstream: "http://127.0.0.1:1")
        await proxy.stop()
        return proxy.address
    }

    @Test func oneReadyAddressIsEnough() async throws {
        let down = try await Self.stoppedAddress()
        let standby = try await Self.vault(answering: 429)
        let probe = try #require(
            VaultHealthProbe(vault: VaultSettings(address: "\(down), \(standby.address)"), logger: Self.logger))
        #expect(await probe.problem() == nil)
        await probe.shutdown()
        await standby.stop()
    }

    @Test func withNoneReadyTheAnswerNamesEachAddress() async throws {
        let down = try await Self.stoppedAddress()
        let sealed = try await Self.vault(answering: 503)
        let probe = try #require(
            VaultHealthProbe(vault: VaultSettings(address: "\(down),\(sealed.address)"), logger: Self.logger))
        #expect(
            await probe.problem()
                == """
                no Vault address is ready: Vault \(down) did not answer /v1/sys/health; \
                Vault \(sealed.address) answered /v1/sys/health with 503
                """)
        await probe.shutdown()
        await sealed.stop()
    }

    @Test func oneAddressIsWordedAsBefore() async throws {
        let sealed = try await Self.vault(answering: 503)
        let probe = try #require(VaultHealthProbe(vault: VaultSettings(address: sealed.address), logger: Self.logger))
        #expect(await probe.problem() == "Vault \(sealed.address) answered /v1/sys/health with 503")
        await probe.shutdown()
        await sealed.stop()
    }
}

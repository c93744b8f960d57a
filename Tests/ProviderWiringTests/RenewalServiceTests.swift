import InMemoryVault
import Logging
import SecretsProvider
import ServiceLifecycleTestKit
import Testing

@testable import ProviderWiring

/// The renewals as a service: they run until a graceful shutdown, then end at once (not at their next wake-up).
@Suite struct RenewalServiceTests {
    @Test(.timeLimit(.minutes(1))) func aGracefulShutdownEndsTheRenewals() async throws {
        let quiet = Logger(label: "renewal-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let provider = MountPipeline(settings: ProviderSettings(), vault: InMemoryVault(), logger: quiet)
        let service = RenewalService(provider: provider)
        let started = ContinuousClock.now
        await testGracefulShutdown { trigger in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await service.run() }
                try? await Task.sleep(for: .milliseconds(100))
                trigger.triggerGracefulShutdown()
                await group.next()
            }
        }
        #expect(started.duration(to: .now) < .seconds(5), "the renewer sleeps up to 60 s; shutdown does not wait")
        await provider.shutdown()
    }
}

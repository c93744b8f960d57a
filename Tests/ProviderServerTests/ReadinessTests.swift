import Synchronization
import Testing

@testable import ProviderServer

/// `/health/ready`'s logic with a scripted probe: the socket first, then the probe (Vault's, in the daemon; its
/// statuses are tested against OpenBao in VaultRouteTests and OperationsTests).
@Suite struct ReadinessTests {
    final class ScriptedProbe: ReadinessProbe {
        let answer: String?
        let asked = Atomic(0)
        let closed = Atomic(false)
        init(answer: String?) { self.answer = answer }
        func problem() async -> String? {
            asked.add(1, ordering: .relaxed)
            return answer
        }
        func shutdown() async { closed.store(true, ordering: .relaxed) }
    }

    @Test func notServingIsNotReadyWithoutAskingTheProbe() async {
        let probe = ScriptedProbe(answer: nil)
        let readiness = Readiness(serving: ServingState(), probe: probe)
        #expect(await readiness.check() == "the gRPC socket is not serving")
        let asked = probe.asked.load(ordering: .relaxed)
        #expect(asked == 0)
    }

    @Test func servingIsReadyWhenTheProbeIsOrThereIsNone() async {
        let serving = ServingState()
        serving.set(true)
        #expect(await Readiness(serving: serving, probe: nil).check() == nil)
        #expect(await Readiness(serving: serving, probe: ScriptedProbe(answer: nil)).check() == nil)
    }

    @Test func theProbesProblemIsTheAnswer() async {
        let serving = ServingState()
        serving.set(true)
        let probe = ScriptedProbe(answer: "Vault http://127.0.0.1:8200 answered /v1/sys/health with 503")
        let readiness = Readiness(serving: serving, probe: probe)
        #expect(await readiness.check() == probe.answer)
        await readiness.shutdown()
        let closed = probe.closed.load(ordering: .relaxed)
        #expect(closed)
    }
}

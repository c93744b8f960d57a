import InMemoryVault
import SecretsProvider
import Testing

/// Every Mount hands its Vault client back to the connector when it ends, whether it succeeded or failed, so that an
/// evicted client shuts down once its Mounts ended and never under one.
@Suite struct ClientCheckoutPipelineTests {
    static let objects = "- {objectName: a, secretPath: secret/data/a, secretKey: k}"

    @Test func aMountThatSucceedsHandsItsClientBack() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/a", ["k": "1"])
        _ = try await fixture.mount(Self.objects)
        _ = try await fixture.mount(Self.objects, pod: "pod-2")
        #expect(await fixture.vault.connections.count == 2)
        #expect(await fixture.vault.checkedOut == 0)
    }

    @Test func aMountWhoseReadFailsHandsItsClientBack() async throws {
        let fixture = await PipelineFixture()
        await #expect(throws: MountError.self) { _ = try await fixture.mount(Self.objects) }
        #expect(await fixture.vault.connections.count == 1)
        #expect(await fixture.vault.checkedOut == 0)
    }

    @Test func aMountWhoseLoginFailsHandsItsClientBack() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/a", ["k": "1"])
        await #expect(throws: MountError.self) { _ = try await fixture.mount(Self.objects, serviceAccount: "other-sa") }
        #expect(await fixture.vault.connections.count == 1)
        #expect(await fixture.vault.checkedOut == 0)
    }
}

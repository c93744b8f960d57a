import InMemoryVault
import SecretsProvider
import Testing

/// `optional: true`: a 404 for the object's path, or data without what it selects, leaves its files out and the Mount
/// succeeds; any other failure fails the Mount as before.
@Suite struct OptionalObjectPipelineTests {
    static let objects = """
        - {objectName: user, secretPath: secret/data/app, secretKey: user}
        - {objectName: extra, secretPath: secret/data/extra, secretKey: k, optional: true}
        - {objectName: token, secretPath: secret/data/app, secretKey: token, optional: true}
        """

    func fixture() async -> PipelineFixture {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/app", ["user": "alice"])
        return fixture
    }

    func missingCount(_ fixture: PipelineFixture) throws -> Int64 {
        try fixture.metrics.expectCounter("vault_csi_provider_optional_missing_total").totalValue
    }

    @Test func aMissingSecretOrKeyLeavesItsFileOutAndTheMountSucceeds() async throws {
        let fixture = await fixture()
        let result = try await fixture.mount(Self.objects)
        #expect(result.files.map(\.path) == ["user"])
        #expect(result.text("user") == "alice")
        #expect(Set(result.versions.map(\.id)) == ["user", "extra", "token"], "the driver gets a version for each")
        #expect(try missingCount(fixture) == 2)
    }

    @Test func theFileAppearsWithItsSecretAndGoesWhenTheSecretGoes() async throws {
        let fixture = await fixture()
        let before = try await fixture.mount(Self.objects)
        await fixture.vault.write("secret/extra", ["k": "v"])
        let present = try await fixture.mount(Self.objects)
        #expect(present.text("extra") == "v")
        let version = { (result: MountResult) in result.versions.first { $0.id == "extra" }?.version }
        #expect(version(present) != version(before), "a secret that appears changes the object's version")
        await fixture.vault.write("secret/extra", ["other": "v"])
        let gone = try await fixture.mount(Self.objects)
        #expect(gone.files.map(\.path) == ["user"])
        #expect(version(gone) == version(before))
    }

    @Test func itIsLoggedOncePerVolumeAndCountedEveryTime() async throws {
        let fixture = await fixture()
        for _ in 0..<3 { _ = try await fixture.mount(Self.objects) }
        _ = try await fixture.mount(Self.objects, volume: "other")
        let notices = fixture.logs.lines.filter { $0.hasPrefix("info an optional object's secret or key is missing") }
        #expect(notices.count == 4, "extra and token, once for each of the two volumes")
        #expect(notices.allSatisfy { !$0.contains("alice") })
        #expect(try missingCount(fixture) == 8)
    }

    @Test func aRequiredObjectOnTheSamePathStillFails() async throws {
        let fixture = await fixture()
        let objects = """
            - {objectName: a, secretPath: secret/data/extra, secretKey: k, optional: true}
            - {objectName: b, secretPath: secret/data/extra, secretKey: k}
            """
        let error = await #expect(throws: MountError.self) { _ = try await fixture.mount(objects) }
        #expect(error?.code == .notFound)
        #expect(error?.message.hasPrefix("couldn't read secret \"a\": Error making API request.") == true)
        #expect(error?.message.contains("Code: 404") == true)
    }

    @Test func aRequiredObjectsMissingKeyStillFails() async throws {
        let fixture = await fixture()
        let objects = """
            - {objectName: a, secretPath: secret/data/app, secretKey: nope}
            - {objectName: b, secretPath: secret/data/app, secretKey: nope, optional: true}
            """
        let error = await #expect(throws: MountError.self) { _ = try await fixture.mount(objects) }
        #expect(
            error?.message
                == "couldn't read secret \"a\": {secret/data/app}: {key \"nope\" does not exist at the secret path}")
    }

    @Test func anotherFailureOfAnOptionalObjectFailsTheMount() async throws {
        let fixture = await fixture()
        await fixture.vault.inject(.status(403, errors: ["permission denied"]), pathPrefix: "/v1/secret/data/extra")
        let error = await #expect(throws: MountError.self) { _ = try await fixture.mount(Self.objects) }
        #expect(error?.code == .permissionDenied)
        await fixture.vault.inject(
            .status(500, errors: ["internal error"]), pathPrefix: "/v1/secret/data/extra", times: 10)
        await #expect(throws: MountError.self) { _ = try await fixture.mount(Self.objects) }
    }

    @Test func everyKeyAndTemplateObjectsAreLeftOutToo() async throws {
        let fixture = await fixture()
        let objects = """
            - {objectName: user, secretPath: secret/data/app, secretKey: user}
            - {objectName: all, secretPath: secret/data/extra, secretKey: "*", optional: true}
            - {objectName: t, secretPath: secret/data/app, template: "{{nope}}", optional: true}
            - {objectName: whole, secretPath: secret/data/extra, format: json, optional: true}
            """
        let result = try await fixture.mount(objects)
        #expect(result.files.map(\.path) == ["user"])
        #expect(try missingCount(fixture) == 3)
    }

    @Test func everyObjectMissingStillGivesTheDriverVersions() async throws {
        let fixture = await fixture()
        let result = try await fixture.mount("- {objectName: extra, secretPath: secret/data/extra, optional: true}")
        #expect(result.files.isEmpty)
        #expect(result.versions.map(\.id) == ["extra"])
    }
}

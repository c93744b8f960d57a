import Foundation
import GRPCCore
import ProviderTestSupport
import XCTest

/// `optional: true` against the real OpenBao: a secret that is not there (KV v2's 404) or a key it lacks leaves the
/// file out, in the driver's volume as in the files handed to the driver, and a file written before goes once its
/// secret does.
final class OptionalObjectTests: ProviderTestCase {
    static let objects = """
        - {objectName: username, secretPath: secret/data/app, secretKey: username}
        - {objectName: feature, secretPath: secret/data/feature, secretKey: flag, optional: true}
        - {objectName: extra, secretPath: secret/data/app, secretKey: not-there, optional: true}
        """

    override func setUp() async throws {
        try await super.setUp()
        try await VaultTestSetup.writePolicy(
            environment.bao, name: "app", hcl: #"path "secret/data/*" { capabilities = ["read"] }"#)
    }

    func testProviderModeLeavesMissingFilesOutAndRemovesOneWhoseSecretWent() async throws {
        await provider.stop()
        provider = try await startProvider(writeMode: .provider)
        let target = try provider.targetPath(podUID: environment.pod.uid)
        let mount = {
            _ = try await self.provider.driver.mount(attributes: self.attributes(Self.objects), targetPath: target)
        }
        try await mount()
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
        XCTAssertNil(readText(target + "/feature"))
        XCTAssertNil(readText(target + "/extra"))

        try await VaultTestSetup.putKV2(environment.bao, path: "feature", data: ["flag": "on"])
        try await mount()
        XCTAssertEqual(readText(target + "/feature"), "on")

        try await environment.bao.admin("DELETE", "/v1/secret/metadata/feature")
        try await mount()
        XCTAssertNil(readText(target + "/feature"), "removed with its secret")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/feature"), "no dangling link either")
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
        let notices = provider.logs.text.split(separator: "\n").filter { $0.contains("optional object") }
        XCTAssertEqual(
            notices.count, 2, "feature and extra, each once for the volume:\n\(notices.joined(separator: "\n"))")
    }

    func testDriverModeHandsOnlyThePresentFiles() async throws {
        let response = try await provider.driver.mount(
            attributes: attributes(Self.objects),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(response.files.map(\.path), ["username"])
        XCTAssertEqual(Set(response.objectVersion.map(\.id)), ["username", "feature", "extra"])
    }

    func testARequiredObjectsMissingSecretStillFailsWithVaultsWords() async throws {
        let objects = "- {objectName: feature, secretPath: secret/data/feature, secretKey: flag}"
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(objects),
                targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
            XCTFail("expected NOT_FOUND")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .notFound)
            XCTAssertTrue(error.message.hasPrefix(#"couldn't read secret "feature": Error making API request."#))
            XCTAssertTrue(error.message.contains("Code: 404"), error.message)
        }
    }
}

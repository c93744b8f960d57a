import Foundation
import GRPCCore
import ProviderTestSupport
import XCTest

/// Vault namespaces: `vaultNamespace` is sent as `X-Vault-Namespace` on the login and on every read.
final class NamespaceTests: ProviderTestCase {
    func testNamespaceIsSentOnLoginAndReads() async throws {
        let bao = environment.bao
        try await bao.admin("POST", "/v1/sys/namespaces/team-a")
        try await VaultTestSetup.configureKubernetesAuth(bao, standIn: environment.kubernetes, namespace: "team-a")
        try await VaultTestSetup.writePolicy(
            bao, name: "team", hcl: #"path "secret/data/*" { capabilities = ["read"] }"#, namespace: "team-a")
        try await VaultTestSetup.createKubernetesRole(
            bao, name: "team", serviceAccounts: ["app-sa"], namespaces: ["default"], policies: ["team"],
            namespace: "team-a")
        try await bao.admin(
            "POST", "/v1/sys/mounts/secret", body: #"{"type":"kv","options":{"version":"2"}}"#, namespace: "team-a")
        try await bao.admin(
            "POST", "/v1/secret/data/app", body: #"{"data":{"password":"namespaced"}}"#, namespace: "team-a")

        let objects = "- {objectName: password, secretPath: secret/data/app, secretKey: password}"
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(
            attributes: attributes(objects, ["roleName": "team", "vaultNamespace": "team-a"]), targetPath: target)
        XCTAssertEqual(response.files.first?.contents, Data("namespaced".utf8))
        // Without the namespace the role does not exist at the root.
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(objects, ["roleName": "team"]), targetPath: target)
            XCTFail("the role only exists in the namespace")
        } catch let error as RPCError {
            XCTAssertTrue(error.message.contains("failed to login"), error.message)
        }
    }
}

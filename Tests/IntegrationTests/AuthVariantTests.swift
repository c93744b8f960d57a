import Foundation
import GRPCCore
import ProviderTestSupport
import XCTest

/// Auth variants: the JWT auth method, a custom audience, a custom Kubernetes auth mount.
final class AuthVariantTests: ProviderTestCase {
    let objects = "- {objectName: password, secretPath: secret/data/app, secretKey: password}"

    func testJWTAuthMethodThroughVaultAuthMountPath() async throws {
        let bao = environment.bao
        try await bao.admin("POST", "/v1/sys/auth/jwt", body: #"{"type":"jwt"}"#)
        let config = try JSONSerialization.data(withJSONObject: [
            "jwt_validation_pubkeys": [environment.kubernetes.publicKeyPEM],
            "bound_issuer": environment.kubernetes.issuer,
        ])
        try await bao.admin("POST", "/v1/auth/jwt/config", body: String(decoding: config, as: UTF8.self))
        try await bao.admin(
            "POST", "/v1/auth/jwt/role/app-jwt",
            body: """
                {"role_type":"jwt","user_claim":"sub","bound_audiences":["vault"],
                 "bound_subject":"system:serviceaccount:default:app-sa","token_policies":["app"]}
                """)
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        // Another service account's token is refused by the role's bound subject, with Vault's text.
        // (Checked first: once the pod holds a Vault token, its remounts reuse it without a login.)
        let stranger = environment.podToken(serviceAccount: "intruder")
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(objects, ["roleName": "app-jwt", "vaultAuthMountPath": "jwt"], token: stranger),
                targetPath: target)
            XCTFail("the bound subject must refuse another service account")
        } catch let error as RPCError {
            XCTAssertTrue(error.message.contains("failed to login"), error.message)
            XCTAssertTrue(error.message.contains("sub"), error.message)
        }
        let response = try await provider.driver.mount(
            attributes: attributes(objects, ["roleName": "app-jwt", "vaultAuthMountPath": "/jwt/"]), targetPath: target)
        XCTAssertEqual(response.files.first?.contents, Data(DemoEnvironment.appSecret["password"]!.utf8))
    }

    func testCustomAudienceSelectsThatToken() async throws {
        try await VaultTestSetup.createKubernetesRole(
            environment.bao, name: "custom", serviceAccounts: ["app-sa"], namespaces: ["default"],
            audience: "custom-aud", policies: ["app"])
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let parameters = ["roleName": "custom", "objects": objects, "audience": "custom-aud"]
        // With only a "vault" token in the map, the custom audience finds none (and nothing can mint one here).
        do {
            _ = try await provider.driver.mount(
                attributes: environment.attributes(parameters: parameters), targetPath: target)
            XCTFail("no token for the custom audience")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .failedPrecondition)
            XCTAssertTrue(error.message.contains(#"audience "custom-aud""#), error.message)
        }
        let response = try await provider.driver.mount(
            attributes: environment.attributes(parameters: parameters, audience: "custom-aud"), targetPath: target)
        XCTAssertEqual(response.files.first?.contents, Data(DemoEnvironment.appSecret["password"]!.utf8))
    }

    func testCustomKubernetesMountPath() async throws {
        try await VaultTestSetup.configureKubernetesAuth(
            environment.bao, standIn: environment.kubernetes, mount: "k8s-east")
        try await VaultTestSetup.createKubernetesRole(
            environment.bao, mount: "k8s-east", name: "east", serviceAccounts: ["app-sa"], namespaces: ["default"],
            policies: ["app"])
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(
            attributes: attributes(objects, ["roleName": "east", "vaultKubernetesMountPath": "k8s-east"]),
            targetPath: target)
        XCTAssertEqual(response.files.count, 1)
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(
                    objects, ["roleName": "east", "vaultKubernetesMountPath": "k8s-east", "vaultAuthMountPath": "jwt"]),
                targetPath: target)
            XCTFail("both mount paths set")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertTrue(error.message.contains("vaultKubernetesMountPath and vaultAuthMountPath"), error.message)
        }
    }
}

import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import SecretsProvider
import XCTest

/// `vaultAuthMethod` approle, userpass and cert against the real OpenBao: credentials only from the Mount's
/// `secrets` (the volume's nodePublishSecretRef), only with `-allow-node-publish-secret-auth`, never shown. The leak
/// scan learns every value of `secrets` (DriverClient).
final class NodePublishAuthTests: ProviderTestCase {
    private var certificates: TestCertificates!
    private static let password = "correct-horse-battery-staple"

    override func setUp() async throws {
        try await super.setUp()
        await provider.stop()
        await environment.stop()
        certificates = try TestCertificates.generate(label: "auth")
        environment = try await DemoEnvironment.start(tlsListeners: [
            .init(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey)
        ])
        provider = try await startProvider(allowed: true)
    }

    override func tearDown() async throws {
        try await super.tearDown()
        certificates?.remove()
    }

    private func startProvider(allowed: Bool) async throws -> ProviderHarness {
        let address = environment.bao.address
        return try await ProviderHarness { kubelet in
            var settings = ProviderSettings(vault: VaultSettings(address: address), kubeletDirectory: kubelet)
            settings.allowNodePublishSecretAuth = allowed
            settings.allowedTLSDirectories = [FileManager.default.temporaryDirectory.path]
            return settings
        }
    }

    /// Mounts the app's objects with `parameters` and `secrets`; returns the files by name.
    private func mount(_ parameters: [String: String], secrets: [String: String]) async throws -> [String: String] {
        let response = try await provider.driver.mount(
            attributes: attributes(Self.appObjects, parameters), secrets: JSONText.string(secrets),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        return Dictionary(
            uniqueKeysWithValues: response.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    private func mountError(_ parameters: [String: String], secrets: [String: String]) async throws -> RPCError {
        do {
            _ = try await mount(parameters, secrets: secrets)
        } catch let error as RPCError {
            return error
        }
        XCTFail("the mount succeeded")
        throw TestSupportError("the mount succeeded")
    }

    private func audited(_ path: String) -> Int {
        environment.bao.auditedRequests().filter { $0.path == path }.count
    }

    func testAppRoleLogsInWithTheSecretsCredentialsAndKeepsATokenPerCredential() async throws {
        let (roleID, secretID) = try await VaultTestSetup.enableAppRole(environment.bao, name: "csi", policies: ["app"])
        let secrets = ["role_id": roleID, "secret_id": secretID]
        let files = try await mount(["vaultAuthMethod": "approle"], secrets: secrets)
        XCTAssertEqual(files["username"], DemoEnvironment.appSecret["username"])
        _ = try await mount(["vaultAuthMethod": "approle"], secrets: secrets)
        XCTAssertEqual(audited("auth/approle/login"), 1, "the token is reused")
        XCTAssertEqual(audited("auth/kubernetes/login"), 0)
        let other = try await VaultTestSetup.appRoleSecretID(environment.bao, name: "csi")
        _ = try await mount(["vaultAuthMethod": "approle"], secrets: ["role_id": roleID, "secret_id": other])
        XCTAssertEqual(audited("auth/approle/login"), 2, "other credentials never get the first one's token")
    }

    func testUserpassLogsInAndNeverShowsTheUsernameOrPassword() async throws {
        try await VaultTestSetup.enableUserpass(
            environment.bao, username: "csi-reader", password: Self.password, policies: ["app"])
        let files = try await mount(
            ["baoAuthMethod": "userpass"], secrets: ["username": "csi-reader", "password": Self.password])
        XCTAssertEqual(files["password"], DemoEnvironment.appSecret["password"])
        let error = try await mountError(
            ["vaultAuthMethod": "userpass"], secrets: ["username": "csi-reader", "password": "wrong-password-123"])
        XCTAssertTrue(error.message.contains("/v1/auth/userpass/login/<username>"), error.message)
        XCTAssertFalse(error.message.contains("csi-reader"), error.message)
        XCTAssertFalse(error.message.contains("wrong-password-123"), error.message)
        XCTAssertFalse(provider.logs.text.contains("csi-reader"))
    }

    func testCertLogsInWithTheSecretsClientCertificate() async throws {
        try await VaultTestSetup.enableCertAuth(
            environment.bao, name: "csi", caFile: certificates.caCertificate, policies: ["app"])
        let secrets = [
            "tls.crt": try String(contentsOfFile: certificates.clientCertificate, encoding: .utf8),
            "tls.key": try String(contentsOfFile: certificates.clientKey, encoding: .utf8),
        ]
        let parameters = [
            "vaultAuthMethod": "cert", "vaultAddress": environment.bao.tlsAddresses[0],
            "vaultCACertPath": certificates.caCertificate, "roleName": "csi",
        ]
        let files = try await mount(parameters, secrets: secrets)
        XCTAssertEqual(files["username"], DemoEnvironment.appSecret["username"])
        XCTAssertEqual(audited("auth/cert/login"), 1)
        let plain = try await mountError(
            parameters.merging(["vaultAddress": environment.bao.address]) { $1 }, secrets: secrets)
        XCTAssertEqual(plain.code, .invalidArgument)
        XCTAssertEqual(
            plain.message,
            "vaultAuthMethod \"cert\" presents a TLS client certificate, so it needs an https:// Vault address")
    }

    func testAMissingKeyIsInvalidArgumentNamingTheKeyAndTheMethod() async throws {
        let error = try await mountError(["vaultAuthMethod": "approle"], secrets: ["role_id": "some-role-id-value"])
        XCTAssertEqual(error.code, .invalidArgument)
        XCTAssertEqual(
            error.message,
            """
            vaultAuthMethod: approle logs in with the key "secret_id" of the volume's nodePublishSecretRef Secret, \
            which the Mount's secrets do not hold
            """)
        XCTAssertFalse(error.message.contains("some-role-id-value"))
    }

    func testWithoutTheFlagSuchAClassIsPermissionDenied() async throws {
        await provider.stop()
        provider = try await startProvider(allowed: false)
        let (roleID, secretID) = try await VaultTestSetup.enableAppRole(environment.bao, name: "csi", policies: ["app"])
        let error = try await mountError(
            ["vaultAuthMethod": "approle"], secrets: ["role_id": roleID, "secret_id": secretID])
        XCTAssertEqual(error.code, .permissionDenied)
        XCTAssertEqual(
            error.message,
            """
            vaultAuthMethod "approle" logs in with the volume's nodePublishSecretRef credentials, which this provider \
            does not allow: start it with -allow-node-publish-secret-auth (Helm value allowNodePublishSecretAuth)
            """)
        XCTAssertEqual(audited("auth/approle/login"), 0)
    }

    /// Kubernetes 1.35 can put the pod's tokens into `secrets`: they are read as the tokens when the attribute is
    /// absent, and never as a credential.
    func testTheDriversTokensInSecretsAreTokensNeverCredentials() async throws {
        let withTokens =
            try JSONSerialization.jsonObject(with: Data(attributes(Self.appObjects).utf8)) as! [String: String]
        let tokens = try XCTUnwrap(withTokens["csi.storage.k8s.io/serviceAccount.tokens"])
        var attributes = withTokens
        attributes["csi.storage.k8s.io/serviceAccount.tokens"] = nil
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(
            attributes: JSONText.string(attributes),
            secrets: JSONText.string(["csi.storage.k8s.io/serviceAccount.tokens": tokens]), targetPath: target)
        XCTAssertEqual(response.files.count, 2, "logged in with the token from secrets")
        var approle = attributes
        approle["vaultAuthMethod"] = "approle"
        do {
            _ = try await provider.driver.mount(
                attributes: JSONText.string(approle),
                secrets: JSONText.string(["csi.storage.k8s.io/serviceAccount.tokens": tokens]), targetPath: target)
            XCTFail("the tokens are not credentials")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertTrue(error.message.contains(#"the key "role_id""#), error.message)
        }
    }
}

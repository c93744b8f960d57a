import Foundation
import ProviderConfiguration
import ProviderValues
import XCTest

final class MountConfigurationTests: XCTestCase {
    private func attributes(_ extra: [String: String] = [:], dropping: [String] = []) -> String {
        var parameters = [
            "roleName": "app",
            "objects": "- {objectName: a, secretPath: secret/data/a, secretKey: k}",
            "csi.storage.k8s.io/pod.name": "web-0",
            "csi.storage.k8s.io/pod.namespace": "default",
            "csi.storage.k8s.io/pod.uid": "uid-1",
            "csi.storage.k8s.io/serviceAccount.name": "app-sa",
            "csi.storage.k8s.io/serviceAccount.tokens":
                #"{"vault":{"token":"jwt-vault","expirationTimestamp":"2030-01-01T00:00:00Z"},"":"#
                + #"{"token":"jwt-default","expirationTimestamp":"x"}}"#,
        ]
        parameters.merge(extra) { _, new in new }
        for key in dropping { parameters.removeValue(forKey: key) }
        return String(decoding: try! JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
    }

    private func parse(_ attributes: String, secrets: String = "null", permission: String = "420") throws
        -> MountConfiguration
    {
        try MountConfiguration(attributes: attributes, secrets: secrets, permission: permission, targetPath: "/t")
    }

    func testReadsIdentityAndDefaults() throws {
        let configuration = try parse(attributes())
        XCTAssertEqual(configuration.roleName, "app")
        XCTAssertEqual(
            configuration.pod, PodInfo(name: "web-0", namespace: "default", uid: "uid-1", serviceAccount: "app-sa"))
        XCTAssertEqual(configuration.audience, "vault")
        XCTAssertEqual(configuration.driverToken, "jwt-vault")
        XCTAssertEqual(configuration.defaultMode, 0o644)
        XCTAssertNil(configuration.vault.address)
        XCTAssertNil(configuration.vault.authMountPath)
    }

    func testAudienceLookup() throws {
        XCTAssertEqual(try parse(attributes(["audience": ""])).driverToken, "jwt-vault")
        let tokensWithoutVault = #"{"":{"token":"jwt-default"}}"#
        XCTAssertEqual(
            try parse(attributes(["csi.storage.k8s.io/serviceAccount.tokens": tokensWithoutVault])).driverToken,
            "jwt-default")
        // An explicit audience never falls back to the "" token.
        XCTAssertNil(
            try parse(
                attributes(["audience": "other", "csi.storage.k8s.io/serviceAccount.tokens": tokensWithoutVault])
            ).driverToken)
    }

    func testTokensMayArriveInSecrets() throws {
        let secrets = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "csi.storage.k8s.io/serviceAccount.tokens": #"{"vault":{"token":"from-secrets"}}"#
            ]), as: UTF8.self)
        let configuration = try parse(
            attributes(dropping: ["csi.storage.k8s.io/serviceAccount.tokens"]), secrets: secrets)
        XCTAssertEqual(configuration.driverToken, "from-secrets")
    }

    func testMountPathsAndConflicts() throws {
        XCTAssertEqual(
            try parse(attributes(["vaultKubernetesMountPath": "/k8s-east/"])).vault.authMountPath, "k8s-east")
        XCTAssertEqual(try parse(attributes(["vaultAuthMountPath": "jwt"])).vault.authMountPath, "jwt")
        XCTAssertThrowsError(try parse(attributes(["vaultKubernetesMountPath": "a", "vaultAuthMountPath": "b"]))) {
            XCTAssertTrue("\($0)".contains("vaultKubernetesMountPath and vaultAuthMountPath"))
        }
    }

    func testBadInputNamesTheField() {
        func message(_ block: () throws -> Any) -> String {
            do {
                _ = try block()
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(
            message { try self.parse(self.attributes(dropping: ["roleName"])) },
            "missing 'roleName' in SecretProviderClass definition")
        XCTAssertEqual(message { try self.parse("not json") }, "attributes: not valid JSON")
        XCTAssertEqual(message { try self.parse("[1,2]") }, "attributes: expected a JSON object of strings")
        XCTAssertEqual(
            message { try self.parse(#"{"roleName": 3}"#) }, "attributes: the value of \"roleName\" must be a string")
        XCTAssertEqual(message { try self.parse(self.attributes(), secrets: "{") }, "secrets: not valid JSON")
        XCTAssertTrue(message { try self.parse(self.attributes(), permission: "abc") }.hasPrefix("permission: "))
        XCTAssertTrue(
            message { try self.parse(self.attributes(["vaultSkipTLSVerify": "maybe"])) }.hasPrefix(
                "vaultSkipTLSVerify: "))
        let badTokens = message {
            try self.parse(self.attributes(["csi.storage.k8s.io/serviceAccount.tokens": "{secret-jwt"]))
        }
        XCTAssertTrue(badTokens.contains("serviceAccount.tokens"), badTokens)
        XCTAssertFalse(badTokens.contains("secret-jwt"), badTokens)
    }

    func testSettingsPrecedence() {
        let environment = VaultSettings(
            address: "http://env", namespace: "env-ns",
            tls: TLSSettings(caDirectory: "/env-dir", serverName: "env-name"))
        let flags = VaultSettings(address: "http://flag", tls: TLSSettings(caCertPath: "/flag-ca.pem"))
        let spc = VaultSettings(address: "", namespace: "", tls: TLSSettings(caDirectory: "/spc-dir"))
        let merged = environment.overlaid(by: flags).overlaid(by: spc)
        XCTAssertEqual(merged.address, "http://flag")
        XCTAssertEqual(merged.namespace, "env-ns")
        XCTAssertEqual(merged.tls.caDirectory, "/spc-dir")
        XCTAssertNil(merged.tls.caCertPath, "a later CA setting replaces the earlier one")
        XCTAssertEqual(merged.tls.serverName, "env-name")
        XCTAssertNil(
            TLSSettings(caCertPath: "/a", caDirectory: "/b").caDirectory, "a CA file beats a directory at one level")
        XCTAssertThrowsError(try TLSSettings(clientCertPath: "/c").validate()) {
            XCTAssertTrue("\($0)".contains("vaultTLSClientCertPath, vaultTLSClientKeyPath"))
        }
    }
}

final class ProcessVaultSettingsTests: XCTestCase {
    func testFlagsBeatTheEnvironmentAndOnlyNonEmptyValuesCount() throws {
        let environment = [
            "VAULT_ADDR": "http://env:8200", "VAULT_NAMESPACE": "env-ns", "VAULT_CACERT": "/env/ca.pem",
            "VAULT_TLS_SERVER_NAME": "env.name", "VAULT_SKIP_VERIFY": "true", "VAULT_CLIENT_CERT": "/env/c.pem",
            "VAULT_CLIENT_KEY": "/env/k.pem",
        ]
        let settings = try ProcessVaultSettings.resolve(
            flags: [
                "vault-addr": "http://flag:8200", "vault-namespace": "", "vault-tls-ca-directory": "/flag/cas",
                "vault-tls-skip-verify": "false",
                "vault-mount": "/k8s/",
            ],
            environment: environment)
        XCTAssertEqual(settings.address, "http://flag:8200")
        XCTAssertEqual(settings.namespace, "env-ns", "an empty flag does not override")
        XCTAssertEqual(settings.authMountPath, "k8s")
        XCTAssertEqual(settings.tls.caDirectory, "/flag/cas")
        XCTAssertNil(settings.tls.caCertPath, "the flag's CA directory replaces the environment's CA file")
        XCTAssertEqual(settings.tls.serverName, "env.name")
        XCTAssertEqual(settings.tls.skipVerify, false)
        XCTAssertEqual(settings.tls.clientCertPath, "/env/c.pem")
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(flags: [:], environment: ["VAULT_CAPATH": "/d", "VAULT_CACERT": "/f"]).tls
                .caCertPath, "/f",
            "at one level a CA file beats a directory")
        XCTAssertThrowsError(try ProcessVaultSettings.resolve(flags: [:], environment: ["VAULT_SKIP_VERIFY": "sure"])) {
            XCTAssertTrue("\($0)".contains("VAULT_SKIP_VERIFY"))
        }
    }

    func testAVaultAgentAddressBeatsVaultAddrAndAFlagBeatsBoth() throws {
        let environment = ["VAULT_ADDR": "https://vault:8200", "VAULT_AGENT_ADDR": "unix:///var/run/vault/agent.sock"]
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(flags: [:], environment: environment).address,
            "unix:///var/run/vault/agent.sock")
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(
                flags: [:], environment: ["VAULT_ADDR": "https://vault:8200", "VAULT_AGENT_ADDR": ""]
            ).address,
            "https://vault:8200", "an empty VAULT_AGENT_ADDR does not count")
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(flags: ["vault-addr": "https://flag:8200"], environment: environment)
                .address,
            "https://flag:8200")
    }

    func testAClassCannotNameAUnixSocket() {
        for address in ["unix:///var/run/vault/agent.sock", "UNIX:///run/docker.sock"] {
            XCTAssertThrowsError(
                try MountConfiguration(
                    parameters: [
                        "roleName": "r", "vaultAddress": address, "objects": "- {objectName: a, secretPath: s/a}",
                    ],
                    permission: "420", targetPath: "/t")
            ) { error in
                XCTAssertTrue(
                    "\(error)".hasPrefix(
                        "vaultAddress: unix:// addresses are only accepted from the provider's own settings"),
                    "\(error)")
            }
        }
    }

    // MARK: - The OpenBao fork's names

    func testAtEachLevelTheOpenBaoTwinWins() throws {
        let environment = [
            "VAULT_ADDR": "https://vault:8200", "BAO_ADDR": "https://bao:8200", "VAULT_NAMESPACE": "v",
            "BAO_NAMESPACE": "b",
            "VAULT_CACERT": "/v/ca.pem", "BAO_CACERT": "/b/ca.pem", "VAULT_TLS_SERVER_NAME": "v.name",
            "BAO_TLS_SERVER_NAME": "b.name",
            "VAULT_CLIENT_CERT": "/v/c.pem", "BAO_CLIENT_CERT": "/b/c.pem", "VAULT_CLIENT_KEY": "/v/k.pem",
            "BAO_CLIENT_KEY": "/b/k.pem",
            "VAULT_SKIP_VERIFY": "false", "BAO_SKIP_VERIFY": "true",
        ]
        let fromEnvironment = try ProcessVaultSettings.resolve(flags: [:], environment: environment)
        XCTAssertEqual(fromEnvironment.address, "https://bao:8200")
        XCTAssertEqual(fromEnvironment.namespace, "b")
        XCTAssertEqual(
            fromEnvironment.tls,
            TLSSettings(
                caCertPath: "/b/ca.pem", serverName: "b.name", clientCertPath: "/b/c.pem",
                clientKeyPath: "/b/k.pem", skipVerify: true))
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(flags: [:], environment: ["BAO_CAPATH": "/b", "VAULT_CAPATH": "/v"]).tls
                .caDirectory, "/b")
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(
                flags: [:], environment: ["BAO_ADDR": "https://bao", "VAULT_AGENT_ADDR": "unix:///a"]
            ).address,
            "unix:///a", "an agent's address beats either server's")
        XCTAssertEqual(
            try ProcessVaultSettings.resolve(
                flags: [:], environment: ["BAO_AGENT_ADDR": "unix:///b", "VAULT_AGENT_ADDR": "unix:///a"]
            ).address,
            "unix:///b")
        let flags = [
            "vault-addr": "https://flag-vault", "openbao-addr": "https://flag-bao", "vault-mount": "v",
            "openbao-mount": "/b/",
            "vault-tls-skip-verify": "true", "openbao-tls-skip-verify": "false",
            "openbao-tls-ca-directory": "/flag/cas",
        ]
        let fromFlags = try ProcessVaultSettings.resolve(flags: flags, environment: environment)
        XCTAssertEqual(
            fromFlags.address, "https://flag-bao", "a flag beats the environment; the twin beats the Vault flag")
        XCTAssertEqual(fromFlags.authMountPath, "b")
        XCTAssertEqual(fromFlags.tls.skipVerify, false)
        XCTAssertEqual(fromFlags.tls.caDirectory, "/flag/cas")
        XCTAssertThrowsError(try ProcessVaultSettings.resolve(flags: [:], environment: ["BAO_SKIP_VERIFY": "sure"])) {
            XCTAssertEqual("\($0)", "BAO_SKIP_VERIFY=\"sure\" is not a boolean (use true or false)")
        }
    }

    func testClassParametersUnderEveryDialectsName() throws {
        func configuration(_ parameters: [String: String], audience: String = "vault") throws -> MountConfiguration {
            try MountConfiguration(
                parameters: parameters.merging(["objects": "- {objectName: a, secretPath: s/a}"]) { own, _ in own },
                permission: "420", targetPath: "/t", defaultAudience: audience)
        }
        let fork = try configuration(
            [
                "roleName": "plain", "baoAddress": "https://bao", "baoNamespace": "ns", "baoCACertPath": "/ca.pem",
                "baoTLSClientCertPath": "/c", "baoTLSClientKeyPath": "/k", "baoTLSServerName": "bao.name",
                "baoSkipTLSVerify": "true",
                "baoAuthMountPath": "jwt",
            ], audience: "openbao")
        XCTAssertEqual(fork.roleName, "plain")
        XCTAssertEqual(
            fork.vault,
            VaultSettings(
                address: "https://bao", namespace: "ns", authMountPath: "jwt",
                tls: TLSSettings(
                    caCertPath: "/ca.pem", serverName: "bao.name", clientCertPath: "/c", clientKeyPath: "/k",
                    skipVerify: true)))
        XCTAssertEqual(fork.audience, "openbao", "the endpoint's default audience")
        XCTAssertFalse(fork.audienceIsExplicit)
        let order = try configuration([
            "roleName": "plain", "vaultRoleName": "v", "openbaoRoleName": "o", "vaultAddress": "https://v",
            "openbaoAddress": "https://o",
            "baoAddress": "",
        ])
        XCTAssertEqual(order.roleName, "o")
        XCTAssertEqual(order.vault.address, "https://o", "an empty bao name does not count")
        XCTAssertEqual(try configuration(["vaultRoleName": "v"]).roleName, "v")
        XCTAssertEqual(
            try configuration(["roleName": "r", "audience": "custom"], audience: "openbao").audience, "custom")
        XCTAssertThrowsError(
            try configuration(["roleName": "r", "openbaoKubernetesMountPath": "k", "vaultAuthMountPath": "j"])
        ) {
            XCTAssertEqual(
                "\($0)",
                ConfigurationError.conflictingParameters("openbaoKubernetesMountPath", "vaultAuthMountPath").description
            )
        }
        XCTAssertThrowsError(try configuration(["roleName": "r", "openbaoSkipTLSVerify": "maybe"])) {
            XCTAssertTrue("\($0)".hasPrefix("openbaoSkipTLSVerify: "), "\($0)")
        }
        XCTAssertThrowsError(try configuration(["roleName": "r", "baoAddress": "unix:///run/x.sock"])) {
            XCTAssertTrue("\($0)".hasPrefix("baoAddress: unix:// addresses"), "\($0)")
        }
        XCTAssertThrowsError(try configuration(["baoRoleName": ""])) {
            XCTAssertEqual("\($0)", ConfigurationError.missingRoleName.description)
        }
    }
}

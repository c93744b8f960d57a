import ProviderConfiguration
import Testing

/// `vaultAuthMethod` and the nodePublishSecretRef credentials a class's Mount carries in `secrets`.
@Suite struct AuthMethodTests {
    func configuration(_ parameters: [String: String], secrets: [String: String] = [:]) throws -> MountConfiguration {
        try MountConfiguration(
            parameters: ["objects": "- {objectName: a, secretPath: p}"].merging(parameters) { $1 }, secrets: secrets,
            permission: "420", targetPath: "/t")
    }

    @Test func kubernetesIsTheDefaultAndTheRoleStaysRequiredForIt() throws {
        #expect(try configuration(["roleName": "r"]).authMethod == .kubernetes)
        #expect(throws: ConfigurationError.missingRoleName) { try configuration([:]) }
        #expect(throws: ConfigurationError.missingRoleName) { try configuration(["vaultAuthMethod": "jwt"]) }
    }

    @Test func everyDialectNamesTheMethodAndTheFirstSetCounts() throws {
        #expect(try configuration(["vaultAuthMethod": "approle"]).authMethod == .approle)
        #expect(try configuration(["openbaoAuthMethod": "userpass"]).authMethod == .userpass)
        #expect(try configuration(["baoAuthMethod": "cert", "vaultAuthMethod": "approle"]).authMethod == .cert)
    }

    @Test func anUnknownMethodNamesTheParameter() {
        #expect(
            throws: ConfigurationError.invalidParameter(
                name: "baoAuthMethod",
                problem: "\"ldap\" is not an auth method: use kubernetes, jwt, approle, userpass or cert")
        ) {
            try configuration(["baoAuthMethod": "ldap", "roleName": "r"])
        }
    }

    @Test func onlyTheMethodsKeysAreKeptAndNeverShown() throws {
        let secrets = [
            "role_id": "the-role-id-value", "secret_id": "the-secret-id-value", "password": "unrelated-password",
            "csi.storage.k8s.io/serviceAccount.tokens": #"{"vault":{"token":"a.b.c"}}"#,
        ]
        let approle = try configuration(["vaultAuthMethod": "approle"], secrets: secrets)
        #expect(approle.nodePublishSecret.orderedValues == ["the-role-id-value", "the-secret-id-value"])
        let shown = "\(approle.nodePublishSecret) \(String(reflecting: approle.nodePublishSecret)) \(approle)"
        for value in secrets.values { #expect(!shown.contains(value)) }
        #expect(try approle.nodePublishSecret.value("secret_id", for: .approle) == "the-secret-id-value")
        let kubernetes = try configuration(["roleName": "r"], secrets: secrets)
        #expect(kubernetes.nodePublishSecret.orderedValues.isEmpty, "a kubernetes login keeps no credential")
        #expect(kubernetes.tokens.byAudience["vault"] == "a.b.c", "the driver's tokens in secrets are the tokens")
    }

    @Test func aMissingOrEmptyKeyNamesTheKeyAndTheMethod() throws {
        let userpass = try configuration(["vaultAuthMethod": "userpass"], secrets: ["username": "u", "password": ""])
        #expect(
            throws: ConfigurationError.invalidParameter(
                name: "vaultAuthMethod",
                problem: """
                    userpass logs in with the key "password" of the volume's nodePublishSecretRef Secret, which the \
                    Mount's secrets do not hold
                    """)
        ) {
            try userpass.nodePublishSecret.value("password", for: .userpass)
        }
    }

    @Test func theMethodsOwnMountIsTheDefault() {
        #expect(AuthMethod.approle.defaultMountPath == "approle")
        #expect(AuthMethod.cert.defaultMountPath == "cert")
        #expect(AuthMethod.kubernetes.defaultMountPath == nil, "-vault-mount, else kubernetes")
        #expect(AuthMethod.cert.secretKeys == ["tls.crt", "tls.key"])
    }
}

import Foundation

/// The auth methods a class's nodePublishSecretRef logs in with (approle, userpass, cert), set up in a real OpenBao.
extension VaultTestSetup {
    /// Enables AppRole at `approle` with role `name` granting `policies`; returns its role_id and a fresh secret_id.
    package static func enableAppRole(
        _ bao: OpenBaoServer, name: String, policies: [String], tokenTTL: String = "1h"
    ) async throws -> (
        roleID: String, secretID: String
    ) {
        try await bao.admin("POST", "/v1/sys/auth/approle", body: #"{"type":"approle"}"#)
        try await bao.admin(
            "POST", "/v1/auth/approle/role/\(name)",
            body: jsonText(["token_policies": policies, "token_ttl": tokenTTL]))
        let roleID = try await bao.admin("GET", "/v1/auth/approle/role/\(name)/role-id")
        return (try dataField(roleID, "role_id"), try await appRoleSecretID(bao, name: name))
    }

    /// A new secret_id of AppRole role `name`.
    package static func appRoleSecretID(_ bao: OpenBaoServer, name: String) async throws -> String {
        try dataField(try await bao.admin("POST", "/v1/auth/approle/role/\(name)/secret-id"), "secret_id")
    }

    /// Enables userpass at `userpass` with user `username` granting `policies`.
    package static func enableUserpass(_ bao: OpenBaoServer, username: String, password: String, policies: [String])
        async throws
    {
        try await bao.admin("POST", "/v1/sys/auth/userpass", body: #"{"type":"userpass"}"#)
        try await bao.admin(
            "POST", "/v1/auth/userpass/users/\(username)",
            body: jsonText(["password": password, "token_policies": policies]))
    }

    /// Enables TLS certificate auth at `cert`, trusting client certificates issued by the CA in `caFile` as role
    /// `name`.
    package static func enableCertAuth(_ bao: OpenBaoServer, name: String, caFile: String, policies: [String])
        async throws
    {
        try await bao.admin("POST", "/v1/sys/auth/cert", body: #"{"type":"cert"}"#)
        let ca = try String(contentsOfFile: caFile, encoding: .utf8)
        try await bao.admin(
            "POST", "/v1/auth/cert/certs/\(name)", body: jsonText(["certificate": ca, "token_policies": policies]))
    }

    private static func jsonText(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    private static func dataField(_ body: Data, _ name: String) throws -> String {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any],
            let value = (object["data"] as? [String: Any])?[name] as? String
        else { throw TestSupportError("no data.\(name) in OpenBao's answer") }
        return value
    }
}

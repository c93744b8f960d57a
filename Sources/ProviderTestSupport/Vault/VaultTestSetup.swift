import Foundation

/// Root-token helpers that configure an `OpenBaoServer` for tests: Kubernetes auth, roles, policies, KV data.
package enum VaultTestSetup {
    /// Enables Kubernetes auth at `mount` and points it at the stand-in (TokenReview, no local CA/JWT).
    package static func configureKubernetesAuth(
        _ bao: OpenBaoServer, standIn: KubernetesStandIn, mount: String = "kubernetes", namespace: String? = nil
    ) async throws {
        try await bao.admin("POST", "/v1/sys/auth/\(mount)", body: json(["type": "kubernetes"]), namespace: namespace)
        try await bao.admin(
            "POST", "/v1/auth/\(mount)/config",
            body: json([
                "kubernetes_host": standIn.url,
                "kubernetes_ca_cert": StandInCertificate.pem,
                "disable_local_ca_jwt": true,
            ]), namespace: namespace)
    }

    /// Creates or replaces a Kubernetes auth role bound to service accounts, namespaces and one audience.
    package static func createKubernetesRole(
        _ bao: OpenBaoServer,
        mount: String = "kubernetes",
        name: String,
        serviceAccounts: [String],
        namespaces: [String],
        audience: String = "vault",
        policies: [String],
        ttl: String = "1h",
        namespace: String? = nil
    ) async throws {
        try await bao.admin(
            "POST", "/v1/auth/\(mount)/role/\(name)",
            body: json([
                "bound_service_account_names": serviceAccounts,
                "bound_service_account_namespaces": namespaces,
                "audience": audience,
                "token_policies": policies,
                "token_ttl": ttl,
            ]), namespace: namespace)
    }

    /// Writes an ACL policy.
    package static func writePolicy(_ bao: OpenBaoServer, name: String, hcl: String, namespace: String? = nil)
        async throws
    {
        try await bao.admin("PUT", "/v1/sys/policies/acl/\(name)", body: json(["policy": hcl]), namespace: namespace)
    }

    /// Writes a KV v2 secret at `secret/<path>` (the dev server's default mount).
    package static func putKV2(_ bao: OpenBaoServer, path: String, data: [String: String]) async throws {
        try await bao.admin("POST", "/v1/secret/data/\(path)", body: json(["data": data]))
    }

    /// Mounts a KV v1 engine at `mount`.
    package static func enableKV1(_ bao: OpenBaoServer, mount: String) async throws {
        try await bao.admin("POST", "/v1/sys/mounts/\(mount)", body: json(["type": "kv", "options": ["version": "1"]]))
    }

    /// Writes a KV v1 secret at `<mount>/<path>`.
    package static func putKV1(_ bao: OpenBaoServer, mount: String, path: String, data: [String: String]) async throws {
        try await bao.admin("POST", "/v1/\(mount)/\(path)", body: json(data))
    }

    /// JSON text of a dictionary of JSON-compatible values.
    private static func json(_ object: [String: Any]) -> String {
        JSONText.string(object)
    }
}

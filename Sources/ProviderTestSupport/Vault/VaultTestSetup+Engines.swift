import Foundation

/// Root-token helpers that mount and configure the engines that issue on demand: PKI and database.
extension VaultTestSetup {
    /// Mounts PKI at `mount` with an internal root CA and a role issuing for `domain` and its subdomains, capped at
    /// `maxTTL`.
    package static func enablePKI(
        _ bao: OpenBaoServer, mount: String = "pki", role: String = "web", domain: String = "example.com",
        maxTTL: String = "72h"
    ) async throws {
        try await bao.admin(
            "POST", "/v1/sys/mounts/\(mount)",
            body: JSONText.string(["type": "pki", "config": ["max_lease_ttl": "87600h"]]))
        try await bao.admin(
            "POST", "/v1/\(mount)/root/generate/internal",
            body: JSONText.string(["common_name": "Test Root CA", "ttl": "8760h"]))
        try await bao.admin(
            "POST", "/v1/\(mount)/roles/\(role)",
            body: JSONText.string(["allowed_domains": domain, "allow_subdomains": true, "max_ttl": maxTTL]))
    }

    /// Mounts the database engine at `mount`, connects it to `postgres` as its superuser, and adds `role`, which
    /// creates
    /// a login role valid until its lease ends.
    package static func enablePostgresCredentials(
        _ bao: OpenBaoServer, postgres: PostgresServer, mount: String = "database", connection: String = "postgres",
        role: String = "app", defaultTTL: String = "1h"
    ) async throws {
        try await bao.admin("POST", "/v1/sys/mounts/\(mount)", body: JSONText.string(["type": "database"]))
        try await bao.admin(
            "POST", "/v1/\(mount)/config/\(connection)",
            body: JSONText.string([
                "plugin_name": "postgresql-database-plugin",
                "connection_url":
                    "postgresql://{{username}}:{{password}}@127.0.0.1:\(postgres.port)/postgres?sslmode=disable",
                "username": postgres.superuser,
                "password": postgres.password,
                "allowed_roles": role,
            ]))
        try await bao.admin(
            "POST", "/v1/\(mount)/roles/\(role)",
            body: JSONText.string([
                "db_name": connection,
                "creation_statements":
                    #"CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"#,
                "default_ttl": defaultTTL,
                "max_ttl": "24h",
            ]))
    }
}

/// A role of the in-memory Vault's JWT-style auth method: who may log in, and what the token may read.
package struct VaultRole: Sendable {
    /// Service accounts allowed, as `namespace/name`; `*` allows any.
    package var boundServiceAccounts: [String]
    /// The audience the JWT must carry, when set.
    package var audience: String?
    /// Paths the token may use, Vault-policy style: exact, or a prefix ending in `*`.
    package var paths: [String]
    /// The token's lease in seconds (0: never expires), and whether it can be renewed up to `maxTTL`.
    package var ttl: Int
    package var maxTTL: Int
    package var renewable: Bool

    package init(
        boundServiceAccounts: [String] = ["*"], audience: String? = nil, paths: [String] = ["*"],
        ttl: Int = 3600, maxTTL: Int = 86_400, renewable: Bool = true
    ) {
        self.boundServiceAccounts = boundServiceAccounts
        self.audience = audience
        self.paths = paths
        self.ttl = ttl
        self.maxTTL = maxTTL
        self.renewable = renewable
    }

    /// Whether a token of this role may use `path` (without `/v1/`).
    func allows(_ path: String) -> Bool {
        paths.contains { pattern in
            pattern.hasSuffix("*") ? path.hasPrefix(pattern.dropLast()) : path == pattern
        }
    }
}

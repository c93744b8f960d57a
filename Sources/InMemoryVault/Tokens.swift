import Foundation
import ProviderValues

/// A token the in-memory Vault issued.
struct IssuedToken {
    let roleName: String
    let role: VaultRole
    let issued: ContinuousClock.Instant
    /// When it expires; nil for a lease of 0.
    var expires: ContinuousClock.Instant?
    var revoked = false
}

/// What a test can see of a token.
package struct TokenState: Sendable, Equatable {
    /// Seconds left, 0 when expired; nil for a token that never expires.
    package let secondsLeft: Int?
    package let revoked: Bool
    package let renewals: Int
}

extension InMemoryVault {
    /// The state of `clientToken`, or nil when the Vault never issued it.
    package func tokenState(_ clientToken: String) -> TokenState? {
        guard let token = tokens[clientToken] else { return nil }
        let left = token.expires.map { max(0, Answer.seconds(clock.now().duration(to: $0))) }
        return TokenState(secondsLeft: left, revoked: token.revoked, renewals: renewalCounts[clientToken] ?? 0)
    }

    /// Every token issued, in no order.
    package var issuedTokens: [String] { Array(tokens.keys) }

    /// Revokes every token and its leases, as an operator revoking the auth method's prefix would.
    package func revokeAllTokens() {
        for key in tokens.keys { revoke(token: key) }
    }

    func isAlive(_ clientToken: String?) -> IssuedToken? {
        guard let clientToken, let token = tokens[clientToken], !token.revoked else { return nil }
        if let expires = token.expires, clock.now() >= expires { return nil }
        return token
    }

    func revoke(token clientToken: String) {
        tokens[clientToken]?.revoked = true
        for (id, lease) in leases where lease.owner == clientToken { leases[id]?.revoked = true }
    }

    /// `POST /v1/auth/<mount>/login` with `{"role", "jwt"}`: the JWT's `sub` must be a service account the role binds.
    func login(authMount: String, body: JSONValue?) -> Answer {
        guard let roleName = body?["role"]?.stringValue, let jwt = body?["jwt"]?.stringValue else {
            return .error(400, "missing role or jwt")
        }
        guard let role = roles["\(authMount)/\(roleName)"] else {
            return .error(400, "invalid role name \"\(roleName)\"")
        }
        guard let claims = JWTClaims.unverified(jwt), let subject = claims["sub"]?.stringValue,
            subject.hasPrefix("system:serviceaccount:")
        else { return .error(403, "permission denied") }
        let account = subject.dropFirst("system:serviceaccount:".count).replacingOccurrences(of: ":", with: "/")
        guard role.boundServiceAccounts.contains("*") || role.boundServiceAccounts.contains(account) else {
            return .error(403, "service account name not authorized")
        }
        if let audience = role.audience {
            let audiences: [String]
            switch claims["aud"] {
            case .string(let one)?: audiences = [one]
            case .array(let many)?: audiences = many.compactMap(\.stringValue)
            default: audiences = []
            }
            guard audiences.contains(audience) else {
                return .error(403, "invalid audience (aud) claim: audience claim does not match any expected audience")
            }
        }
        serial += 1
        let clientToken = "s.inmemory\(serial)"
        let now = clock.now()
        tokens[clientToken] = IssuedToken(
            roleName: roleName, role: role, issued: now, expires: role.ttl > 0 ? now + .seconds(role.ttl) : nil)
        return .ok(
            .object([
                "auth": .object([
                    "client_token": .string(clientToken), "accessor": .string("accessor\(serial)"),
                    "lease_duration": .int(role.ttl), "renewable": .bool(role.renewable && role.ttl > 0),
                    "metadata": .object(["role": .string(roleName), "service_account": .string(account)]),
                ])
            ]))
    }

    /// `auth/token/lookup-self`, `renew-self` and `revoke-self`.
    func tokenSelf(_ operation: String, token clientToken: String?, body: JSONValue?) -> Answer {
        guard let clientToken, let token = isAlive(clientToken) else { return .permissionDenied }
        let now = clock.now()
        switch operation {
        case "lookup-self":
            let left = token.expires.map { Answer.seconds(now.duration(to: $0)) } ?? 0
            return .ok(
                .object([
                    "data": .object([
                        "ttl": .int(left), "renewable": .bool(token.role.renewable), "role": .string(token.roleName),
                    ])
                ]))
        case "renew-self":
            guard token.role.renewable, token.expires != nil else { return .error(400, "lease is not renewable") }
            let increment = body?["increment"]?.intValue ?? token.role.ttl
            let limit = token.issued + .seconds(token.role.maxTTL)
            let expires = min(now + .seconds(increment), limit)
            tokens[clientToken]?.expires = expires
            renewalCounts[clientToken, default: 0] += 1
            let granted = Answer.seconds(now.duration(to: expires))
            return .ok(
                .object([
                    "auth": .object([
                        "client_token": .string(clientToken), "lease_duration": .int(granted), "renewable": .bool(true),
                    ])
                ]))
        case "revoke-self":
            revoke(token: clientToken)
            return .noContent
        default:
            return .notFound
        }
    }
}

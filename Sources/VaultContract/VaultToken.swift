import FoundationEssentials
import ProviderValues

/// A Vault client token from a login; its value is never printed.
package struct VaultToken: Sendable, CustomStringConvertible {
    /// The token itself: send it, never log it.
    package let clientToken: String
    /// Seconds the token lives (at most ten years: `VaultLifetime`).
    package let leaseDuration: Int
    /// Whether the token can be renewed.
    package let renewable: Bool
    /// The only address the token may be sent to (the one that issued it), when the client's addresses do not share
    /// tokens; nil: any address of the client.
    package let boundAddress: String?

    package init(clientToken: String, leaseDuration: Int, renewable: Bool, boundAddress: String? = nil) {
        self.clientToken = clientToken
        self.leaseDuration = leaseDuration
        self.renewable = renewable
        self.boundAddress = boundAddress
    }

    package var description: String {
        "VaultToken(lease: \(leaseDuration)s, renewable: \(renewable))"
    }
}

extension VaultToken {
    /// The token of a login answer (`auth.client_token`, `auth.lease_duration`, `auth.renewable`); `url` names the
    /// request in the error when the answer holds no token.
    package init(loginAnswer body: Data, url: String, boundAddress: String? = nil) throws {
        guard let json = try? JSONValue(parsing: body), case .object(let auth)? = json["auth"],
            let token = auth["client_token"]?.stringValue, !token.isEmpty
        else {
            throw VaultError.invalidResponse(url: url, problem: "the login answer holds no auth.client_token")
        }
        let lease = VaultLifetime.seconds(auth["lease_duration"]) ?? 0
        self.init(
            clientToken: token, leaseDuration: lease, renewable: auth["renewable"] == .bool(true),
            boundAddress: boundAddress)
    }
}

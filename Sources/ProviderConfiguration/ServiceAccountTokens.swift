import FoundationEssentials
import ProviderValues

/// The driver's `csi.storage.k8s.io/serviceAccount.tokens`: audience -> token.
public struct ServiceAccountTokens: Sendable, Hashable {
    /// Tokens by audience; the key is "" for a request without audience.
    public var byAudience: [String: String]

    public init(byAudience: [String: String] = [:]) {
        self.byAudience = byAudience
    }

    /// Parses the attribute's JSON, `{"<audience>":{"token":"...","expirationTimestamp":"..."}}`; never echoes a token.
    public init(json: String) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Data(json.utf8))
        } catch {
            throw ConfigurationError.invalidAttributes("\(AttributeKeys.serviceAccountTokens): not valid JSON")
        }
        guard case .object(let members) = value else {
            throw ConfigurationError.invalidAttributes("\(AttributeKeys.serviceAccountTokens): expected a JSON object")
        }
        var tokens: [String: String] = [:]
        for (audience, entry) in members {
            guard let token = entry["token"]?.stringValue, !token.isEmpty else {
                throw ConfigurationError.invalidAttributes(
                    "\(AttributeKeys.serviceAccountTokens): the entry for audience \(Quoted(audience)) has no token")
            }
            tokens[audience] = token
        }
        byAudience = tokens
    }

    /// The token for `audience`; when the class set no audience and there is no `vault` token, the `""` entry.
    public func token(audience: String, audienceIsExplicit: Bool) -> String? {
        if let token = byAudience[audience] { return token }
        if !audienceIsExplicit { return byAudience[""] }
        return nil
    }
}

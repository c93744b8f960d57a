import FoundationEssentials

/// The claims of a JWT read without verifying anything: for expiry and names shown to people, never for trust.
public enum JWTClaims {
    /// The payload of `jwt` as JSON, or nil when it is not a three-part JWT with a JSON object payload.
    public static func unverified(_ jwt: String) -> JSONValue? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = Base64URL.decode(parts[1]), let claims = try? JSONValue(parsing: payload),
            case .object = claims
        else { return nil }
        return claims
    }
}

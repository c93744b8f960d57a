import ProviderValues

/// How a mount logs in to Vault (`vaultAuthMethod`): as the pod, with its service-account token, or with credentials
/// from the volume's `nodePublishSecretRef` Secret, which the driver passes in Mount's `secrets`.
public enum AuthMethod: String, Sendable, Hashable, CaseIterable {
    case kubernetes, jwt, approle, userpass, cert

    /// The parameter's suffix (`vaultAuthMethod`, `baoAuthMethod`, `openbaoAuthMethod`).
    public static let parameterSuffix = "AuthMethod"

    /// Whether the credentials come from the nodePublishSecretRef Secret (so `-allow-node-publish-secret-auth` is
    /// needed), not from the pod's service-account token.
    public var usesNodePublishSecret: Bool {
        switch self {
        case .kubernetes, .jwt: false
        case .approle, .userpass, .cert: true
        }
    }

    /// The auth mount when the class names none; nil: the provider's `-vault-mount` (`kubernetes`).
    public var defaultMountPath: String? {
        usesNodePublishSecret ? rawValue : nil
    }

    /// The keys of the nodePublishSecretRef Secret this method logs in with.
    public var secretKeys: [String] {
        switch self {
        case .kubernetes, .jwt: []
        case .approle: ["role_id", "secret_id"]
        case .userpass: ["username", "password"]
        case .cert: ["tls.crt", "tls.key"]
        }
    }

    /// The method a class names; a value that is none of them is `INVALID_ARGUMENT` naming the parameter.
    static func parse(_ parameters: [String: String]) throws -> AuthMethod {
        guard let (name, text) = ParameterDialects.resolve(parameterSuffix, in: parameters) else { return .kubernetes }
        guard let method = AuthMethod(rawValue: text) else {
            throw ConfigurationError.invalidParameter(
                name: name,
                problem: "\(Quoted(text)) is not an auth method: use kubernetes, jwt, approle, userpass or cert")
        }
        return method
    }
}

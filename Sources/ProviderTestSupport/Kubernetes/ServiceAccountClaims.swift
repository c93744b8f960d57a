/// The claims of a projected service-account token, shaped like the ones the kubelet receives.
struct ServiceAccountClaims: Codable, Sendable {
    /// A named object with its uid, as in `kubernetes.io.pod` and `kubernetes.io.serviceaccount`.
    struct ObjectReference: Codable, Sendable {
        var name: String
        var uid: String
    }

    /// The `kubernetes.io` claim: where the token belongs.
    struct KubernetesClaim: Codable, Sendable {
        var namespace: String
        var pod: ObjectReference?
        var serviceaccount: ObjectReference
    }

    var iss: String
    var sub: String
    var aud: [String]
    var exp: Int
    var iat: Int
    var nbf: Int
    var jti: String
    var kubernetes: KubernetesClaim

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nbf, jti
        case kubernetes = "kubernetes.io"
    }
}

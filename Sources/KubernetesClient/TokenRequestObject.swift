/// The `authentication.k8s.io/v1` TokenRequest body sent to `.../serviceaccounts/{sa}/token`.
struct TokenRequestObject: Encodable {
    /// A reference to the object the token is bound to.
    struct ObjectReference: Encodable {
        var kind: String
        var apiVersion: String
        var name: String
        var uid: String
    }

    /// What is asked for.
    struct Spec: Encodable {
        var audiences: [String]
        var expirationSeconds: Int
        var boundObjectRef: ObjectReference?
    }

    /// The part of the answer that matters: `status.token`.
    struct Answer: Decodable {
        struct Status: Decodable {
            var token: String?
        }

        var status: Status?
    }

    var apiVersion = "authentication.k8s.io/v1"
    var kind = "TokenRequest"
    var spec: Spec
}

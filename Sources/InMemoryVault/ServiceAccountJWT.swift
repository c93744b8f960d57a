import Foundation
import ProviderValues

extension InMemoryVault {
    /// A service-account JWT as the driver passes it, unsigned: the in-memory Vault reads its claims without checking
    /// a signature (OpenBao's suites check that).
    package static func serviceAccountJWT(
        namespace: String = "default", serviceAccount: String = "app-sa",
        audience: String = "vault"
    ) -> String {
        let header = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let claims = JSONValue.object([
            "sub": .string("system:serviceaccount:\(namespace):\(serviceAccount)"), "aud": .array([.string(audience)]),
            "iss": .string("https://kubernetes.default.svc"),
        ])
        return "\(header).\(Base64URL.encode(Data(claims.canonicalJSON.utf8)))."
    }
}

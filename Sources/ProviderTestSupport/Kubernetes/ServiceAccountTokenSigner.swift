import Crypto
import Foundation
import ProviderValues

/// Mints and verifies ES256 service-account JWTs with one P-256 key, like an API server's token signer.
struct ServiceAccountTokenSigner: Sendable {
    /// Why a token was rejected, worded like the API server's TokenReview errors.
    struct Rejection: Error {
        let message: String
    }

    private let privateKey: P256.Signing.PrivateKey
    /// The `kid` header: base64url SHA-256 of the package key's DER form.
    let keyID: String

    /// Creates a signer with a fresh key.
    init() {
        privateKey = P256.Signing.PrivateKey()
        keyID = Base64URL.encode(SHA256.hash(data: privateKey.publicKey.derRepresentation))
    }

    /// The package key in PEM form.
    var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    /// A stable uid for a service account: a name-based UUID from SHA-256 of `namespace/name`.
    static func serviceAccountUID(namespace: String, name: String) -> String {
        nameBasedUUID("serviceaccount/\(namespace)/\(name)")
    }

    /// A stable uid for a pod whose uid was not given.
    static func podUID(namespace: String, name: String) -> String {
        nameBasedUUID("pod/\(namespace)/\(name)")
    }

    /// Mints a token; returns it with its expiry.
    func mint(
        namespace: String,
        serviceAccount: String,
        pod: ServiceAccountClaims.ObjectReference?,
        audiences: [String],
        lifetime: Duration,
        issuer: String,
        now: Date = Date()
    ) -> (token: String, expires: Date) {
        let issuedAt = Int(now.timeIntervalSince1970)
        let expiry = issuedAt + Int(lifetime.components.seconds)
        let claims = ServiceAccountClaims(
            iss: issuer,
            sub: "system:serviceaccount:\(namespace):\(serviceAccount)",
            aud: audiences,
            exp: expiry,
            iat: issuedAt,
            nbf: issuedAt,
            jti: UUID().uuidString.lowercased(),
            kubernetes: .init(
                namespace: namespace,
                pod: pod,
                serviceaccount: .init(
                    name: serviceAccount,
                    uid: Self.serviceAccountUID(namespace: namespace, name: serviceAccount))))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = #"{"alg":"ES256","kid":"\#(keyID)","typ":"JWT"}"#
        // Encoding these plain structs cannot fail.
        let payload = (try? encoder.encode(claims)) ?? Data()
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(payload)
        let signature: P256.Signing.ECDSASignature
        do {
            signature = try privateKey.signature(for: Data(signingInput.utf8))
        } catch {
            fatalError("P-256 signing failed: \(error)")
        }
        let token = signingInput + "." + Base64URL.encode(signature.rawRepresentation)
        LeakWatch.shared.registerSecret(token, kind: "service-account token")
        return (token, Date(timeIntervalSince1970: TimeInterval(expiry)))
    }

    /// Checks signature, algorithm, `nbf` and `exp`; returns the claims of a token this signer minted.
    func verify(_ token: String, now: Date = Date()) -> Result<ServiceAccountClaims, Rejection> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerBytes = Base64URL.decode(parts[0]),
            let payloadBytes = Base64URL.decode(parts[1]),
            let signatureBytes = Base64URL.decode(parts[2]),
            let header = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any]
        else {
            return .failure(
                Rejection(message: "[invalid bearer token, square/go-jose: compact JWS format must have three parts]"))
        }
        guard header["alg"] as? String == "ES256",
            let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureBytes),
            privateKey.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8))
        else {
            return .failure(
                Rejection(message: "[invalid bearer token, square/go-jose: error in cryptographic primitive]"))
        }
        guard let claims = try? JSONDecoder().decode(ServiceAccountClaims.self, from: payloadBytes) else {
            return .failure(
                Rejection(message: "[invalid bearer token, service account token claims could not be read]"))
        }
        let seconds = Int(now.timeIntervalSince1970)
        guard seconds < claims.exp else {
            return .failure(Rejection(message: "[invalid bearer token, service account token has expired]"))
        }
        guard seconds >= claims.nbf else {
            return .failure(Rejection(message: "[invalid bearer token, service account token is not valid yet]"))
        }
        return .success(claims)
    }

    /// Formats the first 16 bytes of SHA-256(`name`) as an RFC 4122 name-based UUID string.
    private static func nameBasedUUID(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        var text = ""
        for (index, character) in hex.enumerated() {
            if [8, 12, 16, 20].contains(index) { text.append("-") }
            text.append(character)
        }
        return text
    }
}

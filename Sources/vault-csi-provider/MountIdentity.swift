import Foundation
import KubernetesClient
import ProviderConfiguration
import ProviderValues

/// The service-account token a mount logs in with, as the driver would pass it: read from a file or minted.
struct MountIdentity {
    /// Lifetime asked of TokenRequest: the API's minimum, plenty for one mount.
    static let expirationSeconds = 600

    let token: String
    /// RFC 3339, for `serviceAccount.tokens`.
    let expirationTimestamp: String
    /// Where the token came from, for the summary.
    let origin: String

    /// The JWT in `path` (surrounding whitespace ignored); the expiry is its `exp` claim when readable.
    static func read(path: String) throws -> MountIdentity {
        guard let data = FileManager.default.contents(atPath: path) else { throw MountFailure("cannot read -token-file \(path)") }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw MountFailure("-token-file \(path) is empty") }
        let expires = expiry(of: token) ?? Int(Date().timeIntervalSince1970) + expirationSeconds
        return MountIdentity(token: token, expirationTimestamp: timestamp(expires), origin: "read from \(path)")
    }

    /// A token minted with TokenRequest for `serviceAccount` with `audience`, bound to `pod` when given.
    static func mint(client: KubernetesAPIClient, source: KubernetesConfigSource, namespace: String, serviceAccount: String,
                     audience: String, pod: BoundPod?, deadline: ContinuousClock.Instant) async throws -> MountIdentity {
        let issued = Int(Date().timeIntervalSince1970)
        let token: String
        do {
            token = try await client.requestServiceAccountToken(
                namespace: namespace, serviceAccount: serviceAccount, audiences: [audience],
                expirationSeconds: expirationSeconds, boundPod: pod, deadline: deadline)
        } catch {
            throw MountFailure("cannot mint a token for service account \(namespace)/\(serviceAccount) (TokenRequest through \(source)): \(error)")
        }
        let binding = pod.map { "bound to pod \($0.name)" } ?? "not bound to a pod"
        return MountIdentity(token: token, expirationTimestamp: timestamp(issued + expirationSeconds),
                             origin: "minted by TokenRequest through \(source), \(binding)")
    }

    /// The `exp` claim of a JWT, without verifying anything.
    private static func expiry(of jwt: String) -> Int? {
        guard case .number(let literal)? = JWTClaims.unverified(jwt)?["exp"] else { return nil }
        return Int(literal) ?? Double(literal).map { Int($0) }
    }

    private static func timestamp(_ secondsSinceEpoch: Int) -> String {
        let rfc3339 = UTCTimestamp(secondsSinceEpoch: secondsSinceEpoch, milliseconds: 0).rfc3339
        return rfc3339.replacingOccurrences(of: ".000Z", with: "Z")
    }
}

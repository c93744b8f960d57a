import NIOHTTP1

/// Why a Kubernetes API call failed; texts never contain a token or a secret value.
package enum KubernetesError: Error, CustomStringConvertible, Sendable {
    /// The API server answered with an error: the Status body's reason and message, or the HTTP status text.
    case status(code: Int, reason: String, message: String)
    /// The API server could not be reached, the TLS handshake failed, or the deadline passed first.
    case unreachable(String)
    /// The configuration (kubeconfig, service account, names given to a call) cannot be used.
    case invalidConfiguration(String)
    /// The API server's answer could not be understood.
    case invalidResponse(String)

    package var description: String {
        switch self {
        case .status(let code, let reason, let message):
            let head = "Kubernetes API refused (\(code) \(reason))"
            return message.isEmpty ? head : "\(head): \(message)"
        case .unreachable(let problem), .invalidConfiguration(let problem):
            return problem
        case .invalidResponse(let problem):
            return "unexpected answer from the Kubernetes API: \(problem)"
        }
    }

    /// The HTTP status code when the API server answered with an error.
    package var statusCode: Int? {
        if case .status(let code, _, _) = self { return code }
        return nil
    }

    /// The error for a non-success answer: the Status body's reason and message, else the HTTP status text.
    static func from(status: HTTPResponseStatus, body: [UInt8]) -> KubernetesError {
        let code = Int(status.code)
        let object = KubernetesStatusObject.parse(body)
        let reason = object?.reason.flatMap { $0.isEmpty ? nil : $0 } ?? status.reasonPhrase
        return .status(code: code, reason: reason, message: object?.message ?? "")
    }
}

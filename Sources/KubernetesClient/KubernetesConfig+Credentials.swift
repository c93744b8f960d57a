import FoundationEssentials

extension KubernetesConfig {
    /// How requests to the API server authenticate; descriptions never show a token.
    package enum Credentials: Sendable, Equatable, CustomStringConvertible {
        /// Anonymous.
        case none
        /// A fixed bearer token.
        case token(String)
        /// A bearer token read from this file before each request (projected tokens rotate).
        case tokenFile(String)
        /// A TLS client certificate and key (PEM), with an optional bearer token as a kubeconfig user may have both.
        case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8], bearer: Bearer? = nil)

        /// A bearer token that accompanies a client certificate.
        package enum Bearer: Sendable, Equatable {
            /// A fixed bearer token.
            case token(String)
            /// A bearer token read from this file before each request.
            case tokenFile(String)
        }

        /// The bearer part of these credentials, if any.
        var bearer: Bearer? {
            switch self {
            case .none: return nil
            case .token(let token): return .token(token)
            case .tokenFile(let path): return .tokenFile(path)
            case .clientCertificate(_, _, let bearer): return bearer
            }
        }

        package var description: String {
            switch self {
            case .none: return "none"
            case .token: return "token"
            case .tokenFile(let path): return "tokenFile \(path)"
            case .clientCertificate(_, _, nil): return "client certificate"
            case .clientCertificate(_, _, .token?): return "client certificate and token"
            case .clientCertificate(_, _, .tokenFile(let path)?): return "client certificate and tokenFile \(path)"
            }
        }
    }
}

extension KubernetesConfig.Credentials.Bearer {
    /// The token to send now; a token file is read again on every call.
    func current() throws -> String {
        switch self {
        case .token(let token):
            return token
        case .tokenFile(let path):
            return try Self.read(tokenFile: path)
        }
    }

    /// Reads and trims a token file; errors name the file, never its content.
    static func read(tokenFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubernetesError.invalidConfiguration("cannot read the Kubernetes token file \(path)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else {
            throw KubernetesError.invalidConfiguration("the Kubernetes token file \(path) is empty")
        }
        return token
    }
}

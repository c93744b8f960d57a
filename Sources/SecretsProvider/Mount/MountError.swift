import ProviderConfiguration
import VaultContract

/// A failed mount: a status code the gRPC layer maps one to one, and a message safe to show in a pod event.
package struct MountError: Error, Sendable, CustomStringConvertible {
    /// The outcome class, mirroring gRPC status codes.
    package enum Code: String, Sendable {
        case invalidArgument, failedPrecondition, permissionDenied, notFound, resourceExhausted, unavailable,
            deadlineExceeded, cancelled,
            `internal`

        /// The gRPC code's name as grpc-go spells it, and so the driver's pod events: `PermissionDenied`, `Canceled`.
        package var grpcName: String {
            self == .cancelled ? "Canceled" : rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }

        /// The gRPC code's name in snake case, as metrics and logs label it: `permission_denied`.
        package var snakeCaseName: String {
            rawValue.reduce(into: "") { name, character in
                if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
            }
        }
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    /// A configuration error: always INVALID_ARGUMENT, with the parser's text.
    init(_ error: ConfigurationError) {
        self.init(.invalidArgument, error.description)
    }

    /// A Vault failure while reading `objectName`, prefixed as the reference does.
    init(reading objectName: String, _ error: VaultError, loggingIn: Bool = false) {
        let prefix = "couldn't read secret \"\(objectName)\": " + (loggingIn ? "failed to login: " : "")
        self.init(MountError.code(for: error), prefix + error.description)
    }

    static func code(for error: VaultError) -> Code {
        switch error {
        case .http(_, _, let status, _):
            switch status {
            case 400: return .invalidArgument
            case 401, 403: return .permissionDenied
            case 404: return .notFound
            case 429, 500...599: return .unavailable
            default: return .internal
            }
        case .unreachable, .tls, .everyAddressFailed: return .unavailable
        case .invalidResponse: return .internal
        case .invalidSettings: return .invalidArgument
        case .deadlineExceeded: return .deadlineExceeded
        case .cancelled: return .cancelled
        }
    }
}

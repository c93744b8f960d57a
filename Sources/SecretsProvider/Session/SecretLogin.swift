import ProviderConfiguration
import ProviderValues
import VaultContract

/// A login with the volume's nodePublishSecretRef credentials (approle, userpass, cert): its request, and for cert
/// the client certificate the TLS connection presents. Nothing of it is ever shown: a userpass login's path shows
/// `<username>`, and errors name keys, never values.
struct SecretLogin: Sendable {
    let request: VaultRequest
    let identity: ClientIdentity?

    /// The marks a username keeps in the login's path (`.` is encoded: a `..` segment never leaves the path).
    static let usernameMarks: Set<UInt8> = [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~")]

    /// Throws INVALID_ARGUMENT naming a key the Secret lacks, or a cert login over plain HTTP.
    init(_ configuration: MountConfiguration, vault: ResolvedVault) throws {
        let method = configuration.authMethod
        let secret = configuration.nodePublishSecret
        func value(_ key: String) throws -> String {
            do {
                return try secret.value(key, for: method)
            } catch let error as ConfigurationError {
                throw MountError(error)
            }
        }
        let login = "/v1/auth/\(vault.authMountPath)/login"
        switch method {
        case .approle:
            let body = JSONValue.object([
                "role_id": .string(try value("role_id")), "secret_id": .string(try value("secret_id")),
            ])
            request = VaultRequest(method: "POST", path: login, body: body.canonicalJSON)
            identity = nil
        case .userpass:
            let username = try value("username")
            let body = JSONValue.object(["password": .string(try value("password"))])
            var userLogin = VaultRequest(
                method: "POST", path: login + "/" + PercentEncoding.encode(username, keeping: Self.usernameMarks),
                body: body.canonicalJSON)
            userLogin.shownPath = login + "/<username>"
            request = userLogin
            identity = nil
        case .cert:
            let addresses = VaultAddressList(vault.address)?.addresses ?? [vault.address]
            guard addresses.allSatisfy({ $0.lowercased().hasPrefix("https://") }) else {
                throw MountError(
                    .invalidArgument,
                    "vaultAuthMethod \"cert\" presents a TLS client certificate, so it needs an https:// Vault address")
            }
            identity = ClientIdentity(certificatePEM: try value("tls.crt"), keyPEM: try value("tls.key"))
            let body: JSONValue =
                configuration.roleName.isEmpty ? .object([:]) : .object(["name": .string(configuration.roleName)])
            request = VaultRequest(method: "POST", path: login, body: body.canonicalJSON)
        case .kubernetes, .jwt:
            throw MountError(.internal, "vaultAuthMethod \"\(method)\" logs in with the pod's token")
        }
    }
}

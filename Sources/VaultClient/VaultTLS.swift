import FoundationEssentials
import NIOSSL
import ProviderValues
import VaultContract

/// Turns `TLSSettings` into NIOSSL's client configuration, reading the PEM files once.
enum VaultTLS {
    /// The client TLS configuration for these settings; errors name the file that failed.
    static func configuration(for settings: TLSSettings) throws -> TLSConfiguration {
        if let (names, problem) = settings.clientPairProblem {
            throw VaultError.invalidSettings("\(names): \(problem)")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caCertPath {
            configuration.trustRoots = .certificates(try certificates(at: caFile, setting: "CA certificate"))
        } else if let caDirectory = settings.caDirectory {
            configuration.trustRoots = .certificates(try certificates(inDirectory: caDirectory))
        }
        if let identity = settings.clientIdentity {
            try load(identity, into: &configuration)
        } else if let certPath = settings.clientCertPath, let keyPath = settings.clientKeyPath {
            configuration.certificateChain = try certificates(at: certPath, setting: "client certificate").map {
                .certificate($0)
            }
            do {
                configuration.privateKey = .privateKey(
                    try NIOSSLPrivateKey(bytes: try TLSFile.contents(of: keyPath, setting: "client key"), format: .pem))
            } catch let error as VaultError {
                throw error
            } catch {
                throw VaultError.invalidSettings("cannot load the TLS client key \(keyPath): \(error)")
            }
        }
        if settings.skipVerify == true {
            configuration.certificateVerification = .none
        }
        return configuration
    }

    /// A cert login's identity, from the nodePublishSecretRef's `tls.crt` and `tls.key`; errors name the keys only.
    private static func load(_ identity: ClientIdentity, into configuration: inout TLSConfiguration) throws {
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(identity.certificatePEM.utf8))
            guard !chain.isEmpty else { throw VaultError.invalidSettings("no certificate in tls.crt") }
            configuration.certificateChain = chain.map { .certificate($0) }
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.invalidSettings(
                "the nodePublishSecretRef key tls.crt is not a PEM certificate the provider can load")
        }
        do {
            configuration.privateKey = .privateKey(
                try NIOSSLPrivateKey(bytes: Array(identity.keyPEM.utf8), format: .pem))
        } catch {
            throw VaultError.invalidSettings(
                "the nodePublishSecretRef key tls.key is not a PEM private key the provider can load")
        }
    }

    private static func certificates(at path: String, setting: String) throws -> [NIOSSLCertificate] {
        let bytes = try TLSFile.contents(of: path, setting: setting)
        do {
            let certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
            if certificates.isEmpty { throw VaultError.invalidSettings("no certificate in \(path)") }
            return certificates
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.invalidSettings("cannot load the TLS \(setting) \(path): \(error)")
        }
    }

    /// Every PEM certificate in a folder, as Vault's own client reads a CA directory.
    private static func certificates(inDirectory directory: String) throws -> [NIOSSLCertificate] {
        let files = try TLSFile.readDirectory(directory, setting: "CA directory")
        let all = files.flatMap { (try? NIOSSLCertificate.fromPEMBytes($0.bytes)) ?? [] }
        if all.isEmpty {
            throw VaultError.invalidSettings("no PEM certificate found in the TLS CA directory \(directory)")
        }
        return all
    }

    /// A plain-words reason for a TLS failure, with what to change, or nil when `error` is not a TLS error.
    /// `serverName` is the name checked against Vault's certificate; `hasClientCertificate` says whether one was sent.
    static func failureReason(_ error: any Error, serverName: String, hasClientCertificate: Bool) -> String? {
        if let mismatch = error as? CertificateNameMismatch {
            return
                "Vault's certificate does not match the name \"\(serverName)\" (\(mismatch)): set vaultTLSServerName "
                + "(or -vault-tls-server-name) to a name the certificate holds, or use such a name in vaultAddress"
        }
        if let error = error as? NIOSSLExtraError {
            if error == .failedToValidateHostname {
                return "Vault's certificate does not match the name \"\(serverName)\" (the name is not among its DNS "
                    + "names or IP addresses): set vaultTLSServerName (or -vault-tls-server-name) to a name the "
                    + "certificate holds, or use such a name in vaultAddress"
            }
            return "\(error)"
        }
        let reasons: [String]
        switch error {
        case NIOSSLError.handshakeFailed(let failure), NIOSSLError.shutdownFailed(let failure):
            reasons = boringSSLReasons(failure)
        case let failure as BoringSSLError:
            reasons = boringSSLReasons(failure)
        case let failure as NIOSSLError:
            return "\(failure)"
        default:
            return nil
        }
        let readable = reasons.map { $0.lowercased().replacing("_", with: " ") }.joined(separator: ", ")
        if reasons.contains("CERTIFICATE_VERIFY_FAILED") {
            return "Vault's certificate is not trusted (\(readable): it is not issued by a trusted CA, or it expired): "
                + "set vaultCACertPath or vaultCADirectory (or -vault-tls-ca-cert / VAULT_CACERT for every class) to "
                + "the CA that issued it"
        }
        if !Set(reasons).isDisjoint(with: clientCertificateAlerts) {
            if hasClientCertificate {
                return "Vault refused the TLS client certificate (\(readable)): use one issued by a CA in the "
                    + "listener's tls_client_ca_file, valid now and for client authentication"
            }
            return "Vault requires a TLS client certificate and none is configured (\(readable)): set "
                + """
                vaultTLSClientCertPath and vaultTLSClientKeyPath (or -vault-tls-client-cert and \
                -vault-tls-client-key)
                """
        }
        return "TLS handshake failed: \(readable.isEmpty ? "\(error)" : readable)"
    }

    /// The alerts a server sends when it wants a client certificate or refuses the one it got.
    private static let clientCertificateAlerts: Set<String> = [
        "TLSV1_ALERT_CERTIFICATE_REQUIRED", "SSLV3_ALERT_BAD_CERTIFICATE", "TLSV1_ALERT_UNKNOWN_CA",
        "SSLV3_ALERT_CERTIFICATE_UNKNOWN", "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE", "SSLV3_ALERT_CERTIFICATE_EXPIRED",
        "SSLV3_ALERT_CERTIFICATE_REVOKED", "TLSV1_ALERT_ACCESS_DENIED",
    ]

    /// BoringSSL's reason codes (such as `CERTIFICATE_VERIFY_FAILED`) in an error, without source paths.
    private static func boringSSLReasons(_ error: BoringSSLError) -> [String] {
        let stack: NIOBoringSSLErrorStack
        switch error {
        case .sslError(let errors), .unknownError(let errors), .invalidSNIName(let errors),
            .failedToSetALPN(let errors):
            stack = errors
        default:
            return ["\(error)"]
        }
        return stack.map { entry in
            let text = entry.description
            // "Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at
            // <file>:<line>"
            guard let marker = text.firstRange(of: "OPENSSL_internal:") else {
                return text.replacing("Error: ", with: "").trimmingSpaces()
            }
            return String(text[marker.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" })
        }
    }
}

import NIOSSL

/// Turns a `KubernetesConfig` into NIOSSL's client configuration: CA bundle, client certificate, skip-verify.
enum KubernetesTLS {
    /// The client TLS configuration; errors say which part of the configuration failed, never its content.
    static func configuration(for config: KubernetesConfig) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = config.caCertificatesPEM {
            let roots = try certificates(ca, what: "CA certificate bundle")
            tls.trustRoots = .certificates(roots)
        }
        if case .clientCertificate(let certificatePEM, let keyPEM, _) = config.credentials {
            tls.certificateChain = try certificates(certificatePEM, what: "client certificate").map { .certificate($0) }
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
            } catch {
                throw KubernetesError.invalidConfiguration(
                    "the Kubernetes client key is not a usable PEM private key: \(error)")
            }
        }
        if config.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        }
        return tls
    }

    private static func certificates(_ pem: [UInt8], what: String) throws -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw KubernetesError.invalidConfiguration("the Kubernetes \(what) is not valid PEM: \(error)")
        }
        guard !certificates.isEmpty else {
            throw KubernetesError.invalidConfiguration("the Kubernetes \(what) holds no PEM certificate")
        }
        return certificates
    }
}

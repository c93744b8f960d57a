import Foundation
import NIOSSL
import ProviderConfiguration

/// Turns `TLSSettings` into NIOSSL's client configuration, reading the PEM files once.
enum VaultTLS {
    /// The client TLS configuration for these settings; errors name the file that failed.
    static func configuration(for settings: TLSSettings) throws -> TLSConfiguration {
        try settings.validate()
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caCertPath {
            configuration.trustRoots = .certificates(try certificates(at: caFile, setting: "CA certificate"))
        } else if let caDirectory = settings.caDirectory {
            configuration.trustRoots = .certificates(try certificates(inDirectory: caDirectory))
        }
        if let certPath = settings.clientCertPath, let keyPath = settings.clientKeyPath {
            configuration.certificateChain = try certificates(at: certPath, setting: "client certificate").map { .certificate($0) }
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem))
            } catch {
                throw VaultError.invalidSettings("cannot load the TLS client key \(keyPath): \(error)")
            }
        }
        if settings.skipVerify == true {
            configuration.certificateVerification = .none
        }
        return configuration
    }

    private static func certificates(at path: String, setting: String) throws -> [NIOSSLCertificate] {
        do {
            let certificates = try NIOSSLCertificate.fromPEMFile(path)
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
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw VaultError.invalidSettings("cannot read the TLS CA directory \(directory): \(error.localizedDescription)")
        }
        var all: [NIOSSLCertificate] = []
        for name in names where !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            all += (try? NIOSSLCertificate.fromPEMFile(path)) ?? []
        }
        if all.isEmpty { throw VaultError.invalidSettings("no PEM certificate found in the TLS CA directory \(directory)") }
        return all
    }
}

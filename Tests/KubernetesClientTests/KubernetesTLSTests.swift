import Foundation
import Logging
import NIOSSL
import XCTest

@testable import KubernetesClient

final class KubernetesTLSTests: XCTestCase {
    /// A self-signed certificate and its key from `openssl`, as PEM.
    private func selfSigned(in folder: TemporaryDirectory) throws -> (certificate: [UInt8], key: [UInt8]) {
        let openssl = "/usr/bin/openssl"
        guard FileManager.default.isExecutableFile(atPath: openssl) else { throw XCTSkip("openssl is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "\(folder.path)/key.pem", "-out", "\(folder.path)/cert.pem", "-days", "1", "-subj", "/CN=test",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let certificate = try Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/cert.pem"))
        let key = try Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/key.pem"))
        return (Array(certificate), Array(key))
    }

    /// The CA bundle becomes the only trust root, the client certificate and key are presented, and skip-verify turns
    /// verification off, and nothing else does.
    func testCADataAndClientCertificateAreConfigured() async throws {
        let folder = try TemporaryDirectory()
        let (certificate, key) = try selfSigned(in: folder)
        let expected = try NIOSSLCertificate.fromPEMBytes(certificate)
        let config = KubernetesConfig(
            server: "https://k8s.example:6443", caCertificatesPEM: certificate,
            credentials: .clientCertificate(certificatePEM: certificate, keyPEM: key, bearer: .token("t")))
        let tls = try KubernetesTLS.configuration(for: config)
        XCTAssertEqual(tls.trustRoots, .certificates(expected))
        XCTAssertEqual(tls.certificateChain, expected.map { .certificate($0) })
        XCTAssertEqual(tls.privateKey, .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem)))
        XCTAssertEqual(tls.certificateVerification, .fullVerification)
        var insecure = config
        insecure.insecureSkipTLSVerify = true
        XCTAssertEqual(try KubernetesTLS.configuration(for: insecure).certificateVerification, .none)
        let plain = try KubernetesTLS.configuration(
            for: KubernetesConfig(server: "https://k8s.example:6443", credentials: .token("t")))
        XCTAssertEqual(plain.trustRoots, .default, "without a bundle, the system's roots")
        XCTAssertTrue(plain.certificateChain.isEmpty)
        XCTAssertNil(plain.privateKey)
        let client = try KubernetesAPIClient(config: config, logger: Logger(label: "test"))
        await client.shutdown()
    }

    func testBadPEMIsRefused() throws {
        let folder = try TemporaryDirectory()
        let (certificate, _) = try selfSigned(in: folder)
        XCTAssertThrowsError(
            try KubernetesAPIClient(
                config: KubernetesConfig(server: "https://k", caCertificatesPEM: Array("junk".utf8)),
                logger: Logger(label: "test"))
        ) {
            XCTAssertTrue("\($0)".contains("CA certificate bundle"), "\($0)")
        }
        let config = KubernetesConfig(
            server: "https://k",
            credentials: .clientCertificate(certificatePEM: certificate, keyPEM: Array("junk".utf8)))
        XCTAssertThrowsError(try KubernetesAPIClient(config: config, logger: Logger(label: "test"))) {
            XCTAssertTrue("\($0)".contains("client key"), "\($0)")
            XCTAssertFalse("\($0)".contains("junk"), "\($0)")
        }
    }
}

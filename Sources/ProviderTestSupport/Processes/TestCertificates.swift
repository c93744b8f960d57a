import Foundation

/// A throwaway PKI made with the `openssl` command: a CA, a server certificate for `127.0.0.1`, `localhost` and
/// `vault.test`, one for `vault.test` alone, and a client certificate, as PEM files (P-256 keys, valid two days) in a
/// fresh temporary directory.
package struct TestCertificates: Sendable {
    /// The extra DNS name in the server certificate, for server-name (SNI) tests.
    package static let extraServerName = "vault.test"

    /// The directory holding every file; `remove()` deletes it.
    package let directory: String
    /// The CA certificate (`ca.pem`).
    package let caCertificate: String
    /// The server certificate (`server.pem`), issued by the CA.
    package let serverCertificate: String
    /// The server's private key (`server-key.pem`).
    package let serverKey: String
    /// A server certificate naming only `vault.test` (`named-server.pem`): no IP address, so NIOSSL, which also accepts
    /// a certificate holding the peer's IP address, checks the server name alone.
    package let namedServerCertificate: String
    /// The private key of `namedServerCertificate` (`named-server-key.pem`).
    package let namedServerKey: String
    /// A server certificate naming `vault.acc.test` and IP 127.0.0.1 only (`ip-server.pem`): valid for
    /// `https://127.0.0.1`, not for `https://localhost`, although localhost connects to 127.0.0.1.
    package let ipServerCertificate: String
    /// The private key of `ipServerCertificate` (`ip-server-key.pem`).
    package let ipServerKey: String
    /// The client certificate (`client.pem`), issued by the CA, for mTLS.
    package let clientCertificate: String
    /// The client's private key (`client-key.pem`).
    package let clientKey: String

    /// Generates a CA, a server and a client certificate; throws naming the failed `openssl` step, or saying
    /// that `openssl` is not installed.
    package static func generate(label: String = "test") throws -> TestCertificates {
        let openssl = try OpenSSLCommand()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tls-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        do {
            try certificates.write(using: openssl, label: label)
        } catch {
            certificates.remove()
            throw error
        }
        return certificates
    }

    private init(directory: String) {
        self.directory = directory
        caCertificate = directory + "/ca.pem"
        serverCertificate = directory + "/server.pem"
        serverKey = directory + "/server-key.pem"
        namedServerCertificate = directory + "/named-server.pem"
        namedServerKey = directory + "/named-server-key.pem"
        ipServerCertificate = directory + "/ip-server.pem"
        ipServerKey = directory + "/ip-server-key.pem"
        clientCertificate = directory + "/client.pem"
        clientKey = directory + "/client-key.pem"
    }

    /// Deletes the directory and every key in it.
    package func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func write(using openssl: OpenSSLCommand, label: String) throws {
        let caKey = directory + "/ca-key.pem"
        try openssl.run(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caKey, "-out", caCertificate, "-days", "2", "-subj", "/CN=\(label) test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ], step: "create the CA")
        try issue(
            using: openssl, caKey: caKey, name: "server", certificate: serverCertificate, key: serverKey,
            subject: "/CN=\(TestCertificates.extraServerName)",
            extensions: """
                subjectAltName=DNS:localhost,DNS:\(TestCertificates.extraServerName),IP:127.0.0.1
                extendedKeyUsage=serverAuth
                """)
        try issue(
            using: openssl, caKey: caKey, name: "named-server", certificate: namedServerCertificate,
            key: namedServerKey,
            subject: "/CN=\(TestCertificates.extraServerName)",
            extensions: "subjectAltName=DNS:\(TestCertificates.extraServerName)\nextendedKeyUsage=serverAuth")
        try issue(
            using: openssl, caKey: caKey, name: "ip-server", certificate: ipServerCertificate, key: ipServerKey,
            subject: "/CN=localhost",
            extensions: "subjectAltName=DNS:vault.acc.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth")
        try issue(
            using: openssl, caKey: caKey, name: "client", certificate: clientCertificate, key: clientKey,
            subject: "/CN=vault-csi-provider test client", extensions: "extendedKeyUsage=clientAuth")
    }

    /// A key, a request and a certificate signed by the CA with `extensions` (one `name=value` a line).
    private func issue(
        using openssl: OpenSSLCommand, caKey: String, name: String, certificate: String, key: String,
        subject: String, extensions: String
    ) throws {
        let request = directory + "/\(name).csr"
        let extensionFile = directory + "/\(name).ext"
        try (extensions + "\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n")
            .write(toFile: extensionFile, atomically: true, encoding: .utf8)
        try openssl.run(
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key, "-out", request, "-subj", subject,
            ], step: "create the \(name) key")
        try openssl.run(
            [
                "x509", "-req", "-in", request, "-CA", caCertificate, "-CAkey", caKey,
                "-set_serial", "0x" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(30),
                "-days", "2", "-extfile", extensionFile, "-out", certificate,
            ], step: "sign the \(name) certificate")
    }
}

/// The `openssl` executable on `PATH`.
private struct OpenSSLCommand {
    let url: URL

    init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let found = path.split(separator: ":").map {
            URL(fileURLWithPath: String($0)).appendingPathComponent("openssl")
        }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let found else {
            throw TestSupportError(
                """
                the openssl command is not installed (not on PATH); the TLS tests generate their certificates with \
                it:\u{20}
                """
                    + "install it, e.g. apt-get install openssl")
        }
        url = found
    }

    /// Runs openssl with `arguments`; throws with its output when it fails.
    func run(_ arguments: [String], step: String) throws {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("openssl could not \(step) (exit \(process.terminationStatus)): \(text)")
        }
    }
}

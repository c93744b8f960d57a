import Foundation

/// Questions about PEM certificates and keys, answered by the `openssl` command.
package enum OpenSSLTool {
    /// The PEM package key inside a certificate.
    package static func publicKey(ofCertificate pem: String) throws -> String {
        try withFile(pem) { try openssl(["x509", "-in", $0, "-noout", "-pubkey"]) }
    }

    /// The PEM package key that belongs to a private key.
    package static func publicKey(ofPrivateKey pem: String) throws -> String {
        try withFile(pem) { try openssl(["pkey", "-in", $0, "-pubout"]) }
    }

    /// The certificate's subject, e.g. `subject=CN = a.example.com`.
    package static func subject(ofCertificate pem: String) throws -> String {
        try withFile(pem) { try openssl(["x509", "-in", $0, "-noout", "-subject"]) }.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// The certificate's serial number in hex.
    package static func serial(ofCertificate pem: String) throws -> String {
        try withFile(pem) { try openssl(["x509", "-in", $0, "-noout", "-serial"]) }.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// Whether the certificate is still valid `seconds` from now.
    package static func isValid(certificate pem: String, secondsFromNow seconds: Int) throws -> Bool {
        try withFile(pem) { path in
            let output = try CommandRunner.run(
                "/usr/bin/env", ["openssl", "x509", "-in", path, "-noout", "-checkend", "\(seconds)"])
            guard output.status == 0 || output.status == 1 else {
                throw TestSupportError("openssl x509 -checkend exited with \(output.status): \(output.stderr)")
            }
            return output.status == 0
        }
    }

    private static func openssl(_ arguments: [String]) throws -> String {
        try CommandRunner.check("/usr/bin/env", ["openssl"] + arguments)
    }

    private static func withFile<T>(_ pem: String, _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pem-\(UUID().uuidString).pem")
        guard
            FileManager.default.createFile(
                atPath: url.path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw TestSupportError("could not write \(url.path)")
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }
}

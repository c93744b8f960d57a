import Foundation
import KubernetesClient
import XCTest

final class KubeconfigLoadingTests: XCTestCase {
    private let caPEM = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"

    private func load(_ yaml: String, in folder: TemporaryDirectory, environment: [String: String] = [:]) throws
        -> KubernetesConfig?
    {
        let path = try folder.write("kube/config", yaml)
        return try KubernetesConfig.load(from: .kubeconfig(path: path), environment: environment)
    }

    private func assertInvalid(
        _ yaml: String, mentions parts: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(try load(yaml, in: folder), file: file, line: line) { error in
            guard case KubernetesError.invalidConfiguration(let message) = error else {
                return XCTFail("unexpected \(error)", file: file, line: line)
            }
            for part in parts + [folder.path + "/kube/config"] {
                XCTAssertTrue(message.contains(part), "\"\(message)\" lacks \"\(part)\"", file: file, line: line)
            }
            XCTAssertFalse(message.contains("s3cr3t"), "the message shows a token", file: file, line: line)
        }
    }

    private func kubeconfig(cluster: String, user: String, context: String = "cluster: c1\n    user: u1") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: other
          cluster:
            server: https://other.example
        - name: c1
          cluster:
        \(cluster.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        contexts:
        - name: dev
          context:
            \(context)
        users:
        - name: u1
          user:
        \(user.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    func testDataFormsAndContextNamespace() throws {
        let folder = try TemporaryDirectory()
        let ca = Data(caPEM.utf8).base64EncodedString()
        let yaml = kubeconfig(
            cluster: "server: https://k8s.example:6443\ncertificate-authority-data: \(ca)",
            user: "client-certificate-data: \(Data("CERT".utf8).base64EncodedString())\n"
                + "client-key-data: \(Data("KEY".utf8).base64EncodedString())\ntoken: s3cr3t",
            context: "cluster: c1\n    user: u1\n    namespace: csi")
        let config = try XCTUnwrap(try load(yaml, in: folder))
        XCTAssertEqual(config.server, "https://k8s.example:6443")
        XCTAssertEqual(config.caCertificatesPEM, Array(caPEM.utf8))
        XCTAssertFalse(config.insecureSkipTLSVerify)
        XCTAssertEqual(
            config.credentials,
            .clientCertificate(certificatePEM: Array("CERT".utf8), keyPEM: Array("KEY".utf8), bearer: .token("s3cr3t")))
        XCTAssertEqual(config.namespace, "csi")
        XCTAssertFalse("\(config)".contains("s3cr3t"))
        XCTAssertFalse(String(reflecting: config).contains("s3cr3t"))
    }

    func testFileFormsResolveRelativeToTheKubeconfigFolder() throws {
        let folder = try TemporaryDirectory()
        try folder.write("kube/certs/ca.pem", caPEM)
        try folder.write("kube/certs/client.pem", "CERT")
        let keyPath = try folder.write("elsewhere/client.key", "KEY")
        let yaml = kubeconfig(
            cluster: "server: https://k8s.example\ncertificate-authority: certs/ca.pem\ninsecure-skip-tls-verify: true",
            user: "client-certificate: ./certs/client.pem\nclient-key: \(keyPath)")
        let config = try XCTUnwrap(try load(yaml, in: folder))
        XCTAssertEqual(config.caCertificatesPEM, Array(caPEM.utf8))
        XCTAssertTrue(config.insecureSkipTLSVerify)
        XCTAssertEqual(
            config.credentials, .clientCertificate(certificatePEM: Array("CERT".utf8), keyPEM: Array("KEY".utf8)))
        XCTAssertEqual(config.namespace, "default")
    }

    func testTokenAndTokenFile() throws {
        let folder = try TemporaryDirectory()
        let tokenPath = try folder.write("kube/token", "from-file\n")
        var config = try XCTUnwrap(
            try load(kubeconfig(cluster: "server: https://k", user: "token: s3cr3t\ntokenFile: token"), in: folder))
        XCTAssertEqual(config.credentials, .token("s3cr3t"), "token beats tokenFile")
        config = try XCTUnwrap(try load(kubeconfig(cluster: "server: https://k", user: "tokenFile: token"), in: folder))
        XCTAssertEqual(config.credentials, .tokenFile(tokenPath))
        config = try XCTUnwrap(
            try load(
                kubeconfig(cluster: "server: https://k", user: "tokenFile: ~/kube/token"), in: folder,
                environment: ["HOME": folder.path]))
        XCTAssertEqual(config.credentials, .tokenFile(tokenPath))
        config = try XCTUnwrap(try load(kubeconfig(cluster: "server: https://k", user: "{}"), in: folder))
        XCTAssertEqual(config.credentials, KubernetesConfig.Credentials.none)
    }

    func testNoKubernetesConfiguration() throws {
        XCTAssertNil(try KubernetesConfig.load(from: .none))
    }

    func testExecAndAuthProviderUsersAreRefusedByName() throws {
        try assertInvalid(
            kubeconfig(
                cluster: "server: https://k",
                user: "exec:\n  command: aws\n  apiVersion: client.authentication.k8s.io/v1"),
            mentions: ["users[\"u1\"].user.exec", "user \"u1\"", "not support"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k", user: "auth-provider:\n  name: oidc"),
            mentions: ["users[\"u1\"].user.auth-provider", "user \"u1\""])
    }

    func testMissingAndUnknownContexts() throws {
        try assertInvalid("apiVersion: v1\nclusters: []\n", mentions: ["current-context", "is not set"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k", user: "token: s3cr3t").replacingOccurrences(
                of: "current-context: dev", with: "current-context: prod"),
            mentions: ["contexts", "\"prod\""])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k", user: "token: s3cr3t", context: "cluster: nope\n    user: u1"),
            mentions: ["clusters", "\"nope\""])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k", user: "token: s3cr3t", context: "cluster: c1\n    user: ghost"),
            mentions: ["users", "\"ghost\""])
    }

    func testBadFieldsNameTheField() throws {
        try assertInvalid(
            kubeconfig(cluster: "certificate-authority: ca.pem", user: "token: s3cr3t"),
            mentions: ["clusters[\"c1\"].cluster.server"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k\ncertificate-authority: missing.pem", user: "token: s3cr3t"),
            mentions: ["clusters[\"c1\"].cluster.certificate-authority", "missing.pem"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k\ncertificate-authority-data: '%%%'", user: "token: s3cr3t"),
            mentions: ["certificate-authority-data", "base64"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k\ninsecure-skip-tls-verify: maybe", user: "token: s3cr3t"),
            mentions: ["insecure-skip-tls-verify"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k", user: "client-certificate-data: Q0VSVA=="),
            mentions: ["users[\"u1\"].user.client-key-data"])
        try assertInvalid(
            kubeconfig(cluster: "server: https://k", user: "tokenFile: gone"),
            mentions: ["users[\"u1\"].user.tokenFile", "gone"])
        try assertInvalid("current-context: dev\ntoken: s3cr3t: [", mentions: ["line 2"])
    }

    func testUnreadableFile() throws {
        XCTAssertThrowsError(try KubernetesConfig.load(from: .kubeconfig(path: "/nonexistent/kubeconfig"))) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/kubeconfig"), "\(error)")
        }
    }
}

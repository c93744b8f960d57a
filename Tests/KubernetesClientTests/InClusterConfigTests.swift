import Foundation
import KubernetesClient
import XCTest

final class InClusterConfigTests: XCTestCase {
    func testServiceAccountDirectory() throws {
        let folder = try TemporaryDirectory()
        try folder.write("ca.crt", "CA PEM")
        let tokenPath = try folder.write("token", "jwt")
        try folder.write("namespace", "csi\n")
        let config = try XCTUnwrap(
            try KubernetesConfig.load(
                from: .inCluster(host: "10.96.0.1", port: "443"), serviceAccountDirectory: folder.path))
        XCTAssertEqual(
            config,
            KubernetesConfig(
                server: "https://10.96.0.1:443", caCertificatesPEM: Array("CA PEM".utf8),
                credentials: .tokenFile(tokenPath), namespace: "csi"))
    }

    func testIPv6HostIsBracketedAndNamespaceDefaults() throws {
        let folder = try TemporaryDirectory()
        try folder.write("ca.crt", "CA PEM")
        try folder.write("token", "jwt")
        let config = try XCTUnwrap(
            try KubernetesConfig.load(
                from: .inCluster(host: "fd00::1", port: "6443"), serviceAccountDirectory: folder.path))
        XCTAssertEqual(config.server, "https://[fd00::1]:6443")
        XCTAssertEqual(config.namespace, "default")
    }

    func testMissingFilesAreNamed() throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(
            try KubernetesConfig.load(from: .inCluster(host: "h", port: "443"), serviceAccountDirectory: folder.path)
        ) {
            XCTAssertTrue("\($0)".contains("\(folder.path)/ca.crt"), "\($0)")
        }
        try folder.write("ca.crt", "CA PEM")
        XCTAssertThrowsError(
            try KubernetesConfig.load(from: .inCluster(host: "h", port: "443"), serviceAccountDirectory: folder.path)
        ) {
            XCTAssertTrue("\($0)".contains("\(folder.path)/token"), "\($0)")
        }
    }
}

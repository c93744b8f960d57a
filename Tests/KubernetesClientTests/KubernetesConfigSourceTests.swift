import KubernetesClient
import XCTest

final class KubernetesConfigSourceTests: XCTestCase {
    func testPrecedenceFlagEnvironmentInCluster() {
        let inCluster = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "6443"]
        XCTAssertEqual(
            KubernetesConfigSource.locate(
                kubeconfigFlag: "/flag", environment: ["KUBECONFIG": "/env"], fileExists: { _ in true }),
            .kubeconfig(path: "/flag"))
        XCTAssertEqual(
            KubernetesConfigSource.locate(
                kubeconfigFlag: "", environment: ["KUBECONFIG": "/a:/b"].merging(inCluster) { a, _ in a },
                fileExists: { _ in true }), .kubeconfig(path: "/a"))
        XCTAssertEqual(
            KubernetesConfigSource.locate(kubeconfigFlag: nil, environment: inCluster, fileExists: { _ in true }),
            .inCluster(host: "10.0.0.1", port: "6443"))
        XCTAssertEqual(
            KubernetesConfigSource.locate(kubeconfigFlag: nil, environment: inCluster, fileExists: { _ in false }),
            .none)
        XCTAssertEqual(
            KubernetesConfigSource.locate(kubeconfigFlag: nil, environment: [:], fileExists: { _ in true }), .none)
    }
}

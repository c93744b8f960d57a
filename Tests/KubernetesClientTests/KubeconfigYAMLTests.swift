import KubernetesClient
import XCTest

/// The kubeconfig's YAML over YAMLNodes: anchors resolved (people write them), within a node cap.
final class KubeconfigYAMLTests: XCTestCase {
    private func load(_ yaml: String) throws -> KubernetesConfig? {
        let folder = try TemporaryDirectory()
        let path = try folder.write("kube/config", yaml)
        return try KubernetesConfig.load(from: .kubeconfig(path: path), environment: [:])
    }

    private func message(_ yaml: String) -> String {
        do {
            _ = try load(yaml)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    func testAnchorsAndAliasesAreResolved() throws {
        let yaml = """
            current-context: dev
            clusters:
            - name: c1
              cluster: &cluster
                server: https://k8s.example:6443
            contexts:
            - name: dev
              context: {cluster: c1, user: u1, namespace: &ns csi}
            users:
            - name: u1
              user:
                token: *ns
            """
        let config = try XCTUnwrap(try load(yaml))
        XCTAssertEqual(config.server, "https://k8s.example:6443")
        XCTAssertEqual(config.namespace, "csi")
    }

    func testABillionLaughsIsRefusedAtTheNodeCap() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let text = message(lines.joined(separator: "\n"))
        XCTAssertTrue(text.contains("more than 10000 nodes once aliases are resolved"), text)
    }

    func testDuplicatedKeysAndDepthAreErrorsAtTheirLine() {
        XCTAssertTrue(
            message("current-context: dev\ncurrent-context: prod\n").contains(
                "line 1: duplicated keys: current-context"))
        let deep =
            "current-context: dev\nclusters: " + String(repeating: "[", count: 80) + String(repeating: "]", count: 80)
        XCTAssertTrue(message(deep).contains("line 2: nested deeper than 64 levels"), message(deep))
    }
}

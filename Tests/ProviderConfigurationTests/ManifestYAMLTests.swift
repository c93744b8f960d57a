import ProviderConfiguration
import XCTest

/// Manifest files over YAMLNodes: anchors and aliases are resolved there (Kubernetes manifests may use them), unlike
/// in `objects`; the node cap and the depth limit still hold.
final class ManifestYAMLTests: XCTestCase {
    private let classWithAnchors = """
        apiVersion: secrets-store.csi.x-k8s.io/v1
        kind: SecretProviderClass
        metadata:
          name: &name app
          labels: {app: *name}
        spec:
          provider: vault
          parameters:
            roleName: *name
            objects: |
              - objectName: a
                secretPath: secret/data/a
        """

    func testAnchorsInAManifestAreResolved() throws {
        let manifest = SecretProviderClassDocuments(text: classWithAnchors)
        XCTAssertNil(manifest.yamlProblem.map { "\($0)" })
        let document = try XCTUnwrap(manifest.documents.first)
        XCTAssertEqual(document.name, "app")
        XCTAssertEqual(try document.parameters()["roleName"], "app")
        XCTAssertEqual(SecretProviderClassLinter.lint(file: "f.yaml", text: classWithAnchors).findings, [])
    }

    func testAManifestsAliasesAreCountedAtTheirFullSize() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let manifest = SecretProviderClassDocuments(text: lines.joined(separator: "\n"))
        XCTAssertEqual(manifest.yamlProblem?.line, 6)  // a5: 1,111,111 nodes
        XCTAssertEqual(manifest.yamlProblem?.problem, "more than 1000000 nodes once aliases are resolved")
    }

    func testDocumentsBeforeAnErrorAreKept() {
        let manifest = SecretProviderClassDocuments(text: classWithAnchors + "\n---\nkey: [unclosed\n")
        XCTAssertEqual(manifest.documents.map(\.name), ["app"])
        XCTAssertEqual(manifest.yamlProblem?.line, 15)
    }
}

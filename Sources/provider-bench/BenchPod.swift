import Foundation

/// A pod the benchmark mounts for: the demo role's namespace and service account, a fresh name and uid.
struct BenchPod: Sendable {
    static let namespace = "default"
    static let serviceAccount = "app-sa"

    let name: String
    let uid: String

    /// A pod never seen before, so the provider has no cached Vault token for it.
    static func fresh() -> BenchPod {
        let uid = UUID().uuidString.lowercased()
        return BenchPod(name: "bench-\(uid.prefix(8))", uid: uid)
    }
}

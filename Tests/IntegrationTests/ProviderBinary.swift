import Foundation

/// The provider's debug binary: `PROVIDER_BINARY` when set (a copy, so tests can run while the tree rebuilds), else
/// the package's own build.
enum ProviderBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["PROVIDER_BINARY"], !path.isEmpty { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/vault-csi-provider").path
    }
}

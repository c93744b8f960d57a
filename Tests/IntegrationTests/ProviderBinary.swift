import Foundation

/// The built `vault-csi-provider`, next to the test bundle (`swift build --build-tests` builds it too).
enum ProviderBinary {
    static var path: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/vault-csi-provider").path
    }
}

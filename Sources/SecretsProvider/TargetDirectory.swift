import Foundation

/// Facts about `target_path` that decide the write mode and confine provider-mode writes.
enum TargetDirectory {
    /// True when `path` is an existing directory (following symlinks).
    static func isExistingDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Refuses a target whose real path is not under the real `<kubelet-dir>/pods/`.
    static func checkConfined(_ path: String, kubeletDirectory: String) throws {
        guard let target = realPath(path) else {
            throw MountError(.invalidArgument, "target_path \"\(path)\" does not exist")
        }
        guard let kubelet = realPath(kubeletDirectory) else {
            throw MountError(.failedPrecondition, "the kubelet directory \"\(kubeletDirectory)\" does not exist on this node; check -kubelet-dir")
        }
        let pods = kubelet.hasSuffix("/") ? kubelet + "pods/" : kubelet + "/pods/"
        guard target.hasPrefix(pods), target.count > pods.count else {
            throw MountError(.invalidArgument, "target_path \"\(path)\" is not under \(pods); refusing to write there")
        }
    }

    /// The path with every symlink resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

import Foundation

/// Facts about `target_path` that decide the write mode and keep provider-mode writes inside the driver's volume.
enum TargetDirectory {
    /// True when `path` is an existing directory (following symlinks).
    static func isExistingDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Refuses a target whose real path is not under the real `<kubelet-dir>/pods/`.
    static func checkConfined(_ path: String, kubeletDirectory: String) throws {
        guard let target = realPath(path) else {
            throw MountError(.failedPrecondition, "target_path \"\(path)\" does not exist; provider write mode needs the driver's volume there")
        }
        guard let kubelet = realPath(kubeletDirectory) else {
            throw MountError(.failedPrecondition, "the kubelet directory \"\(kubeletDirectory)\" does not exist on this node; check -kubelet-dir")
        }
        let pods = kubelet.hasSuffix("/") ? kubelet + "pods/" : kubelet + "/pods/"
        guard target.hasPrefix(pods), target.count > pods.count else {
            throw MountError(.invalidArgument, "target_path \"\(path)\" is not under \(pods); refusing to write there")
        }
    }

    /// Why `path` is not the driver's volume, or nil when it is: a mount point (its device differs from its
    /// parent's) whose file system is tmpfs. A plain directory here means mount propagation is broken, and
    /// writing would put secrets on the node's disk, under the tmpfs the pod sees.
    static func notTheDriversVolume(_ path: String) -> String? {
        guard let real = realPath(path) else { return "it does not exist" }
        var own = stat()
        var parent = stat()
        guard stat(real, &own) == 0, stat(real + "/..", &parent) == 0 else { return "it cannot be examined" }
        if own.st_dev == parent.st_dev { return "it is not a mount point" }
        guard let type = mountedFileSystemType(at: real) else { return "its file system cannot be examined" }
        if type != "tmpfs" { return "its file system is not tmpfs (\(type))" }
        return nil
    }

    /// The type of the file system mounted at `mountPoint` (a real path), from `/proc/self/mountinfo`; the last
    /// line for it is the one on top when several are stacked there.
    static func mountedFileSystemType(at mountPoint: String) -> String? {
        guard let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        var type: String?
        for line in table.split(separator: "\n") {
            // ID PARENT MAJOR:MINOR ROOT MOUNT-POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER-OPTIONS
            let fields = line.split(separator: " ")
            guard fields.count > 6, unescaped(fields[4]) == mountPoint, let separator = fields.firstIndex(of: "-"),
                  separator + 1 < fields.count
            else { continue }
            type = String(fields[separator + 1])
        }
        return type
    }

    /// A mountinfo path with its octal escapes (`\040` for a space) decoded.
    private static func unescaped(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var bytes: [UInt8] = []
        var rest = Array(field.utf8)[...]
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "\\"), rest.count >= 3, let value = UInt8(String(decoding: rest.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                rest = rest.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The refusal for a target that is not the driver's volume in provider write mode.
    static func notTheDriversVolumeError(_ path: String) -> MountError {
        MountError(.failedPrecondition, "target_path \(path) is not the driver's tmpfs volume (is the kubelet's pods directory mounted "
            + "with HostToContainer propagation?); refusing to write secrets to the node's disk")
    }

    /// The path with every symlink resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

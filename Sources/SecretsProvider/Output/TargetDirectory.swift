import CFileSystemType
import FoundationEssentials
import ProviderValues

#if canImport(Glibc)
    import Glibc
#endif

/// Facts about `target_path` that decide the write mode and keep provider-mode writes inside the driver's volume.
enum TargetDirectory {
    /// `statfs`'s `f_type` for tmpfs (linux/magic.h).
    static let tmpfsMagic = 0x0102_1994

    /// True when `path` is an existing directory (following symlinks).
    static func isExistingDirectory(_ path: String) -> Bool {
        FileKind.at(path) == .directory
    }

    /// Refuses a target whose real path is not `<kubelet-dir>/pods/<podUID>/volumes/kubernetes.io~csi/<volume>/mount`
    /// (real paths on both sides): the volume of the pod that asks, and nothing else under `pods/`.
    static func checkConfined(_ path: String, kubeletDirectory: String, podUID: String) throws {
        guard let target = realPath(path) else {
            throw MountError(
                .failedPrecondition,
                "target_path \"\(path)\" does not exist; provider write mode needs the driver's volume there")
        }
        guard let kubelet = realPath(kubeletDirectory) else {
            throw MountError(
                .failedPrecondition,
                "the kubelet directory \"\(kubeletDirectory)\" does not exist on this node; check -kubelet-dir")
        }
        let pods = kubelet.hasSuffix("/") ? kubelet + "pods/" : kubelet + "/pods/"
        guard target.hasPrefix(pods), target.count > pods.count else {
            throw MountError(.invalidArgument, "target_path \"\(path)\" is not under \(pods); refusing to write there")
        }
        guard !podUID.isEmpty else {
            throw MountError(
                .invalidArgument,
                "target_path \"\(path)\" cannot be matched to its pod: the Mount request carries no "
                    + "csi.storage.k8s.io/pod.uid (is podInfoOnMount set on the CSIDriver?); refusing to write there")
        }
        guard isVolume(of: podUID, relative: target.dropFirst(pods.count)) else {
            throw MountError(
                .invalidArgument,
                "target_path \"\(path)\" is not a CSI volume of pod \(podUID) "
                    + "(\(pods)\(podUID)/volumes/kubernetes.io~csi/<volume>/mount); refusing to write there")
        }
    }

    /// Whether `relative` (under `pods/`) is `<podUID>/volumes/kubernetes.io~csi/<volume>/mount`.
    private static func isVolume(of podUID: String, relative: Substring) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5 else { return false }
        let volume = parts[3]
        return parts[0] == podUID && parts[1] == "volumes" && parts[2] == "kubernetes.io~csi" && parts[4] == "mount"
            && !volume.isEmpty && volume != "." && volume != ".."
    }

    /// Why `path` is not the driver's volume, or nil when it is: a mount point (its device differs from its
    /// parent's) whose file system is tmpfs (`statfs`, which needs no mount table: a node's runs to many pages).
    /// A plain directory here means mount propagation is broken, and writing would put secrets on the node's disk,
    /// under the tmpfs the pod sees.
    static func notTheDriversVolume(_ path: String) -> String? {
        guard let real = realPath(path) else { return "it does not exist" }
        var own = stat()
        var parent = stat()
        guard stat(real, &own) == 0, stat(real + "/..", &parent) == 0 else { return "it cannot be examined" }
        if own.st_dev == parent.st_dev { return "it is not a mount point" }
        guard let type = fileSystemType(at: real) else { return "its file system cannot be examined" }
        if type != tmpfsMagic { return "its file system is not tmpfs (statfs type 0x\(String(type, radix: 16)))" }
        return nil
    }

    /// `statfs`'s `f_type` for the file system holding `path`.
    static func fileSystemType(at path: String) -> Int? {
        let type = file_system_type(path)
        return type < 0 ? nil : type
    }

    /// The refusal for a target that is not the driver's volume in provider write mode.
    static func notTheDriversVolumeError(_ path: String) -> MountError {
        MountError(
            .failedPrecondition,
            "target_path \(path) is not the driver's tmpfs volume (is the kubelet's pods directory mounted "
                + "with HostToContainer propagation?); refusing to write secrets to the node's disk")
    }

    /// The path with every symlink resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

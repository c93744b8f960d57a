import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A target with the shape the Secrets Store CSI driver gives it: a fresh tmpfs mounted on the directory.
/// Mounting needs root (CI runs as root); the error says so otherwise.
package enum TmpfsVolume {
    /// Creates `path` (and its parents) and mounts a small tmpfs on it.
    package static func mount(at path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Glibc.mount("tmpfs", path, "tmpfs", 0, "size=8m,mode=0755") == 0 else {
            let reason = String(cString: strerror(errno))
            throw TestSupportError(
                """
                mount -t tmpfs on \(path) failed: \(reason) (the test rig mounts the driver's tmpfs volumes, which \
                needs root)
                """
            )
        }
    }

    /// Unmounts every tmpfs mounted at or under `directory` (deepest first); errors are ignored.
    package static func unmountAll(under directory: String) {
        guard let table = ProcFile.text("/proc/self/mounts") else { return }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let points = table.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 2, fields[2] == "tmpfs" else { return nil }
            let point = String(fields[1]).replacingOccurrences(of: "\\040", with: " ")
            return point == directory || point.hasPrefix(prefix) ? point : nil
        }
        for point in points.sorted(by: { $0.count > $1.count }) { _ = umount2(point, Int32(MNT_DETACH)) }
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Ownership of the socket path: clear it before listening, and remove it on exit only if it is still ours.
public enum UnixSocketPath {
    /// Removes whatever is at `path` (a stale socket, a regular file) and creates the parent directory.
    public static func prepare(_ path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try FileManager.default.removeItem(atPath: path)
            } else if unlink(path) != 0 {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
    }

    /// The (device, inode) at `path`, if something is there.
    public static func identity(of path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Removes `path` only when it still holds the inode this process created.
    @discardableResult
    public static func removeIfOwned(_ path: String, identity: (device: UInt64, inode: UInt64)) -> Bool {
        guard let current = self.identity(of: path), current == identity else { return false }
        return unlink(path) == 0
    }
}

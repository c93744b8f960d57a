import FoundationEssentials
import ProviderValues

#if canImport(Glibc)
    import Glibc
#endif

/// Ownership of the socket path: clear it before listening, and remove it on exit only if it is still ours.
package enum UnixSocketPath {
    /// Removes whatever is at `path` (a stale socket, a regular file) and creates the parent directory.
    package static func prepare(_ path: String) throws {
        let parent = PathText.parent(path)
        if !parent.isEmpty {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try FileManager.default.removeItem(atPath: path)
            } else if unlink(path) != 0 {
                throw CocoaError(.fileWriteNoPermission, userInfo: ["NSFilePath": path])
            }
        }
    }

    /// A socket bound and listening at `path`, private to its owner (mode 0600 from the start).
    /// We bind it ourselves because NIO, binding by path, unlinks the path on close even after a newer instance took it
    /// over.
    package static func bindAndListen(at path: String) throws -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw SocketError(
                "the endpoint path \(path) is longer than \(capacity - 1) bytes, the limit for a Unix socket")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
            buffer[path.utf8.count] = 0
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw SocketError("cannot create a Unix socket: \(String(cString: strerror(errno)))")
        }
        let previousMask = umask(0o177)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindError = errno
        umask(previousMask)
        guard bound == 0, Glibc.listen(descriptor, 128) == 0 else {
            let reason = String(cString: strerror(bound == 0 ? errno : bindError))
            close(descriptor)
            throw SocketError("cannot listen on \(path): \(reason)")
        }
        return descriptor
    }

    /// What identifies the file at a path: device, inode and change time (inode numbers are reused once a path is
    /// unlinked).
    package struct Identity: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
        let changeSeconds: Int
        let changeNanoseconds: Int
    }

    /// The identity of what is at `path`, if something is there.
    package static func identity(of path: String) -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
            changeSeconds: info.st_ctim.tv_sec, changeNanoseconds: info.st_ctim.tv_nsec)
    }

    /// Removes `path` only when it still holds the socket this process created.
    @discardableResult
    package static func removeIfOwned(_ path: String, identity: Identity) -> Bool {
        guard let current = self.identity(of: path), current == identity else { return false }
        return unlink(path) == 0
    }
}

/// The socket could not be set up; the text says why.
package struct SocketError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}

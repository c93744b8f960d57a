import FoundationEssentials
import ProviderValues
import VaultContract

#if canImport(Glibc)
    import Glibc
#endif

/// Reads the PEM files behind TLS settings without ever blocking: opened with `O_NONBLOCK` (a FIFO or a terminal
/// cannot hold the open) and `O_NOFOLLOW`, accepted only when a regular file (a directory for a CA directory), and at
/// most `maxBytes` long.
enum TLSFile {
    /// The largest PEM file read: far above any certificate chain or key.
    static let maxBytes = 1 << 20
    /// The most a CA directory's files may add up to.
    static let maxDirectoryBytes = 8 << 20

    /// The bytes of the regular file at `path` (links resolved first, as a Secret volume's files are links);
    /// `setting` names it in errors.
    static func contents(of path: String, setting: String) throws -> [UInt8] {
        guard let real = realpath(path, nil) else { throw problem(setting, path, String(cString: strerror(errno))) }
        let resolved = String(cString: real)
        free(real)
        let descriptor = open(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw problem(setting, path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw problem(setting, path, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw problem(setting, path, "not a regular file") }
        guard info.st_size <= maxBytes else { throw problem(setting, path, "larger than \(maxBytes) bytes") }
        var bytes = [UInt8](repeating: 0, count: maxBytes + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes {
                read(descriptor, $0.baseAddress.map { $0 + count }, $0.count - count)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw problem(setting, path, String(cString: strerror(errno))) }
            if got == 0 { break }
            count += got
        }
        guard count <= maxBytes else { throw problem(setting, path, "larger than \(maxBytes) bytes") }
        return Array(bytes[..<count])
    }

    /// The regular files directly in the directory at `path`, sorted by name, without dot files; each read as
    /// `contents(of:)`
    /// reads it, together at most `maxDirectoryBytes`.
    static func readDirectory(_ path: String, setting: String) throws -> [(name: String, bytes: [UInt8])] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw problem(setting, path, String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw problem(setting, path, "not a directory") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw problem(setting, path, FileErrorText.describe(error))
        }
        var files: [(name: String, bytes: [UInt8])] = []
        var total = 0
        for name in names where !name.hasPrefix(".") {
            var entry = stat()
            let file = PathText.appending(name, to: path)
            // Followed as Vault's client follows them (a Secret volume's files are links), then read as above.
            guard stat(file, &entry) == 0, entry.st_mode & S_IFMT == S_IFREG else { continue }
            let bytes = try contents(of: file, setting: setting)
            total += bytes.count
            guard total <= maxDirectoryBytes else {
                throw problem(setting, path, "its files add up to more than \(maxDirectoryBytes) bytes")
            }
            files.append((name, bytes))
        }
        return files
    }

    private static func problem(_ setting: String, _ path: String, _ reason: String) -> VaultError {
        VaultError.invalidSettings("cannot load the TLS \(setting) \(path): \(reason)")
    }
}

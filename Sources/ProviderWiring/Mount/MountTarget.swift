import FoundationEssentials
import ProviderValues

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The directory the files go into: created when missing, and removed again when a failed mount created it.
struct MountTarget {
    /// The absolute path.
    let path: String
    /// The directories this command created, deepest first.
    private let created: [String]

    /// Creates `path` (and missing parents) unless it exists; it must be a directory.
    init(_ given: String) throws {
        let path = URL(fileURLWithPath: given).standardizedFileURL.path
        let kind = FileKind.at(path)
        if kind != .missing {
            guard kind == .directory else {
                throw MountCommandFailure("-target \(given) exists and is not a directory")
            }
            self.path = path
            self.created = []
            return
        }
        var missing: [String] = []
        var walk = URL(fileURLWithPath: path)
        while !FileManager.default.fileExists(atPath: walk.path), walk.path != "/" {
            missing.append(walk.path)
            walk.deleteLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw MountCommandFailure("cannot create -target \(given): \(FileErrorText.describe(error))")
        }
        self.path = path
        self.created = missing
    }

    /// After a failure: removes the directories this command created, if still empty, so nothing is left behind.
    func removeCreated() {
        for directory in created { rmdir(directory) }
    }

    /// One written file: its path in the volume, size in bytes and permission bits.
    struct Entry {
        let path: String
        let size: Int
        let mode: Int
    }

    /// The regular files of the current payload (`..data`), sorted by path.
    func entries() -> [Entry] {
        guard let payload = try? FileManager.default.destinationOfSymbolicLink(atPath: path + "/..data"),
            let files = RegularFiles.under(path + "/" + payload)
        else { return [] }
        let root = path + "/" + payload
        var entries: [Entry] = []
        for relative in files {
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            entries.append(Entry(path: relative, size: Int(info.st_size), mode: Int(info.st_mode) & 0o777))
        }
        return entries.sorted { $0.path < $1.path }
    }
}

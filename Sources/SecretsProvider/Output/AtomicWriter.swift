import FoundationEssentials
import ProviderConfiguration
import ProviderValues

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a volume's files the way Kubernetes' atomic writer does: a timestamped payload directory,
/// the `..data` symlink swapped atomically, a top-level symlink per name, and the old payload removed.
struct AtomicWriter {
    static let dataLink = "..data"
    private static let dataTempLink = "..data_tmp"

    /// The volume's root directory; it must exist.
    let targetPath: String

    /// Replaces the volume's payload with `files`; returns false when the payload already holds exactly these files and
    /// modes.
    /// `beforeCommit` runs just before the swap: throwing there leaves the volume as it was.
    func write(_ files: [RenderedFile], beforeCommit: () throws -> Void) throws -> Bool {
        let oldPayload = currentPayloadName()
        if let oldPayload, payload(named: oldPayload, equals: files) { return false }
        let topLevelNames = Set(files.map { String($0.path.split(separator: "/", maxSplits: 1)[0]) })
        try checkTopLevelNamesAreFree(topLevelNames)

        let newPayload = try makePayloadDirectory()
        let newPayloadPath = join(targetPath, newPayload)
        do {
            for file in files { try writeFile(file, under: newPayloadPath) }
            try beforeCommit()
        } catch {
            try? FileManager.default.removeItem(atPath: newPayloadPath)
            throw error
        }

        let tempLink = join(targetPath, AtomicWriter.dataTempLink)
        unlink(tempLink)
        try check(symlink(newPayload, tempLink), "create the \(AtomicWriter.dataTempLink) symlink")
        try check(
            rename(tempLink, join(targetPath, AtomicWriter.dataLink)), "swap the \(AtomicWriter.dataLink) symlink")

        for name in topLevelNames where !exists(join(targetPath, name)) {
            try check(symlink(join(AtomicWriter.dataLink, name), join(targetPath, name)), "link \(name)")
        }
        if let oldPayload {
            let oldPath = join(targetPath, oldPayload)
            let oldNames = (try? FileManager.default.contentsOfDirectory(atPath: oldPath)) ?? []
            for name in oldNames where !topLevelNames.contains(name) && isSymlink(join(targetPath, name)) {
                unlink(join(targetPath, name))
            }
            try? FileManager.default.removeItem(atPath: oldPath)
        }
        return true
    }

    /// The payload directory `..data` points to, if any.
    private func currentPayloadName() -> String? {
        guard
            let destination = try? FileManager.default.destinationOfSymbolicLink(
                atPath: join(targetPath, AtomicWriter.dataLink)),
            !destination.contains("/"), destination.hasPrefix("..")
        else { return nil }
        return destination
    }

    /// True when the payload holds exactly `files`, byte for byte, mode for mode and owner for owner.
    private func payload(named name: String, equals files: [RenderedFile]) -> Bool {
        let root = join(targetPath, name)
        guard let existing = RegularFiles.under(root), existing == Set(files.map(\.path)) else { return false }
        for file in files {
            let path = join(root, file.path)
            var info = stat()
            guard lstat(path, &info) == 0, Int(info.st_mode) & 0o777 == file.mode,
                info.st_uid == file.owner.map({ uid_t($0) }) ?? geteuid(),
                info.st_gid == file.group.map({ gid_t($0) }) ?? getegid(),
                let contents = FileManager.default.contents(atPath: path), contents == file.contents
            else { return false }
        }
        return true
    }

    /// Refuses to shadow something in the target that is not one of our symlinks.
    private func checkTopLevelNamesAreFree(_ names: Set<String>) throws {
        for name in names.sorted() {
            let path = join(targetPath, name)
            guard exists(path) else { continue }
            let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
            if destination != join(AtomicWriter.dataLink, name) {
                throw MountError(
                    .failedPrecondition,
                    """
                    target_path already holds \"\(name)\", which the provider did not create; remove it or rename \
                    the object
                    """
                )
            }
        }
    }

    private func makePayloadDirectory() throws -> String {
        var template = Array(join(targetPath, "..\(UTCTimestamp.now().underscored).XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw writeError("create the payload directory") }
        let path = String(cString: created)
        try check(chmod(path, 0o755), "set the payload directory's mode")
        return PathText.lastComponent(path)
    }

    private func writeFile(_ file: RenderedFile, under root: String) throws {
        let path = join(root, file.path)
        let parent = PathText.parent(path)
        if parent != root {
            try FileManager.default.createDirectory(
                atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw writeError("create \(file.path)") }
        defer { close(descriptor) }
        try file.contents.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw writeError("write \(file.path)")
                }
                offset += written
            }
        }
        try check(fchmod(descriptor, mode_t(file.mode)), "set the mode of \(file.path)")
        if file.owner != nil || file.group != nil {
            // -1 leaves the owner or the group as it is.
            if fchown(descriptor, file.owner.map { uid_t($0) } ?? uid_t.max, file.group.map { gid_t($0) } ?? gid_t.max)
                != 0
            {
                if errno == EPERM { throw AtomicWriter.ownershipNotGranted(file.path) }
                throw writeError("set the owner of \(file.path)")
            }
        }
    }

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    private func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }

    private func check(_ result: Int32, _ action: String) throws {
        if result != 0 { throw writeError(action) }
    }

    /// fileOwner/fileGroup without the CHOWN capability: the install decides, not the class.
    static func ownershipNotGranted(_ path: String) -> MountError {
        MountError(
            .failedPrecondition,
            "object \"\(path)\": fileOwner and fileGroup need the CHOWN capability, which this install "
                + """
                does not grant: set the Helm chart's fileOwnership=true, or add the kustomize component \
                components/file-ownership
                """
        )
    }

    private func writeError(_ action: String) -> MountError {
        MountError(.internal, "cannot \(action) in target_path \"\(targetPath)\": \(String(cString: strerror(errno)))")
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// What is at a path, links followed: FileManager's `fileExists(atPath:isDirectory:)` without Foundation's ObjCBool.
public enum FileKind: Equatable, Sendable {
    case missing
    case directory
    case other

    /// The kind at `path` (stat(2), following links); `missing` when stat fails.
    public static func at(_ path: String) -> FileKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .other
    }
}

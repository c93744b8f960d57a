#if canImport(Glibc)
    import Glibc
#endif

/// The regular files under a directory, walked with `opendir`/`lstat` (Foundation's directory enumerator is full
/// Foundation's). Symbolic links are neither listed nor followed.
public enum RegularFiles {
    /// Relative paths of the regular files under `root`, or nil when `root` (or a directory under it) cannot be read.
    public static func under(_ root: String) -> Set<String>? {
        var paths: Set<String> = []
        var pending = [""]
        while let relative = pending.popLast() {
            guard let directory = opendir(relative.isEmpty ? root : PathText.appending(relative, to: root)) else {
                return nil
            }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(PathText.appending(child, to: root), &info) == 0 else { return nil }
                switch info.st_mode & S_IFMT {
                case S_IFREG: paths.insert(child)
                case S_IFDIR: pending.append(child)
                default: break
                }
            }
        }
        return paths
    }
}

/// The driver's rules for a file path inside the volume (docs/reference.md, objectName): checked before anything is
/// written.
public enum VolumePath {
    /// Why `path` is not acceptable, or nil when it is.
    public static func problem(with path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.utf8.count > 4096 { return "the path is longer than 4096 bytes" }
        if path.contains("\0") { return "the path contains a NUL byte" }
        // Newlines, escapes and the like: legal in Linux names, but they forge log lines and confuse every tool.
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the path contains a control character"
        }
        if path.hasPrefix("/") { return "the path must be relative" }
        if path.hasPrefix("..") { return "the path must not start with '..'" }
        let elements = path.split(separator: "/", omittingEmptySubsequences: false)
        for element in elements {
            if element == ".." { return "the path must not contain a '..' element" }
            if element.utf8.count > 255 { return "a path element is longer than 255 bytes" }
        }
        if elements.contains(where: { $0.isEmpty || $0 == "." }) {
            return "the path must be in clean form (no empty, '.' or trailing elements)"
        }
        return nil
    }
}

/// Path text as NSString's path methods treat it, without Foundation: slashes only, no file-system access.
public enum PathText {
    /// The last component: `/a/b/` gives `b`, `/` gives `/`.
    public static func lastComponent(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        if trimmed == "/" || trimmed.isEmpty { return trimmed }
        return trimmed.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? trimmed
    }

    /// The path without its last component: `/a/b` gives `/a`, `/a` gives `/`, `a` gives the empty string.
    public static func parent(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let parent = withoutTrailingSlashes(String(trimmed[..<slash]))
        return parent.isEmpty ? "/" : parent
    }

    /// `name` under `directory`, with one slash between them.
    public static func appending(_ name: String, to directory: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Runs of slashes made one, and no trailing slash but on `/` itself.
    private static func withoutTrailingSlashes(_ path: String) -> String {
        var text = ""
        for character in path where !(character == "/" && text.hasSuffix("/")) { text.append(character) }
        if text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

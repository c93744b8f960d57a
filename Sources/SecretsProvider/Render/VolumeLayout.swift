/// The files of one volume must form a tree: no path twice, and no file where another needs a directory
/// (`a` beside `a/b`, as `secretKey: "*"` on an object named like another can produce).
enum VolumeLayout {
    static func checkPaths(_ paths: [String]) throws {
        var seen: Set<String> = []
        for path in paths where !seen.insert(path).inserted {
            throw MountError(.invalidArgument, "two objects produce the file \"\(path)\"; rename one of them")
        }
        for path in paths {
            var parent = Substring(path)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                if seen.contains(String(parent)) {
                    throw MountError(
                        .invalidArgument,
                        "the file \"\(parent)\" is also the directory of \"\(path)\"; rename one of the objects")
                }
            }
        }
    }
}

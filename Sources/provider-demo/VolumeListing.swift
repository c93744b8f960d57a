import Foundation

/// A listing of a volume as `ls -l` plus `cat` would show it: entries, modes, link targets and contents.
enum VolumeListing {
    static func render(_ root: String) throws -> String {
        var out = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            let path = root + "/" + name
            if let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                out += "  \(name) -> \(destination)\n"
            } else {
                out += "  \(name)/\n"
            }
        }
        out += "\nFiles (through ..data):\n"
        let data =
            root + "/" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/..data")) ?? "..data")
        guard let enumerator = FileManager.default.enumerator(atPath: data) else { return out }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { files.append(relative) }
        }
        for relative in files.sorted() {
            let attributes = try FileManager.default.attributesOfItem(atPath: data + "/" + relative)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            let contents = String(
                decoding: FileManager.default.contents(atPath: data + "/" + relative) ?? Data(), as: UTF8.self)
            let shown = contents.count > 200 ? String(contents.prefix(200)) + "..." : contents
            out += "  \(relative)  (mode \(String(mode, radix: 8)))\n      \(shown)\n"
        }
        return out
    }
}

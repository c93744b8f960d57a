#if canImport(Glibc)
    import Glibc
#endif

/// Reads procfs files whole. They report a size of 0 and hand out at most a page per `read(2)`, so anything that
/// trusts the size (or one read) sees only the first page of a long mount table.
package enum ProcFile {
    /// The file's text, read to its end; nil when it cannot be opened.
    package static func text(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var page = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = page.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil }
            bytes.append(contentsOf: page[..<count])
        }
    }
}

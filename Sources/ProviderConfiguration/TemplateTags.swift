/// The tags of a Mustache template in order, found without building a tree (so any input is scanned in linear time
/// and constant stack), following set-delimiter tags.
public struct TemplateTags {
    /// One tag: its sigil (`#`, `^`, `/`, `!`, `>`, `<`, `$`, `&`, `{`, `=`, `%`; nil for a plain variable), its name
    /// (trimmed), its 1-based line and column (in bytes), and where it starts and ends (offsets in UTF-8 bytes).
    public struct Tag: Sendable {
        public let sigil: Character?
        public let name: String
        public let line: Int
        public let column: Int
        /// The byte offset where the tag starts and just past its end.
        public let start: Int
        public let end: Int
    }

    public let tags: [Tag]

    private static let sigils: Set<UInt8> = Set("#^/!><$&{=%".utf8)

    public init(_ template: String) {
        let bytes = Array(template.utf8)
        var open = Array("{{".utf8)
        var close = Array("}}".utf8)
        var found: [Tag] = []
        var index = 0
        var line = 1
        var lineCountedTo = 0
        var lineStart = 0
        while let start = Self.find(open, in: bytes, from: index) {
            let contentStart = start + open.count
            let triple = open == Array("{{".utf8) && contentStart < bytes.count && bytes[contentStart] == UInt8(ascii: "{")
            let closing = triple ? [UInt8(ascii: "}")] + close : close
            guard let contentEnd = Self.find(closing, in: bytes, from: contentStart) else { break }
            for offset in lineCountedTo..<start where bytes[offset] == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset + 1
            }
            lineCountedTo = start
            var content = Self.trimmed(bytes[contentStart..<contentEnd])
            var sigil: Character?
            if let first = content.first, Self.sigils.contains(first) {
                sigil = Character(UnicodeScalar(first))
                content = Self.trimmed(content.dropFirst())
            }
            if sigil == "=" {
                // `{{=<% %>=}}`: the new delimiters, separated by whitespace.
                let parts = content.last == UInt8(ascii: "=") ? content.dropLast() : content
                let halves = parts.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
                if halves.count == 2 {
                    open = Array(halves[0])
                    close = Array(halves[1])
                }
            }
            let end = contentEnd + closing.count
            found.append(Tag(sigil: sigil, name: String(decoding: content, as: UTF8.self), line: line, column: start - lineStart + 1,
                             start: start, end: end))
            index = end
        }
        tags = found
    }

    /// The deepest nesting of sections (`#`, `^`, `$`, `<`).
    public var sectionDepth: Int {
        var depth = 0
        var deepest = 0
        for tag in tags {
            switch tag.sigil {
            case "#", "^", "$", "<":
                depth += 1
                deepest = max(deepest, depth)
            case "/": depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }

    /// For each section name (its last dotted part), the shortest and the longest body, in bytes, of a section of that
    /// name.
    public var sectionBodyBytes: [String: ClosedRange<Int>] {
        var open: [Tag] = []
        var bodies: [String: ClosedRange<Int>] = [:]
        for tag in tags {
            switch tag.sigil {
            case "#", "^", "$", "<": open.append(tag)
            case "/":
                guard let opener = open.popLast() else { continue }
                let name = String(opener.name.split(separator: ".").last ?? "")
                let length = tag.start - opener.end
                bodies[name] = bodies[name].map { min($0.lowerBound, length)...max($0.upperBound, length) } ?? length...length
            default: break
            }
        }
        return bodies
    }

    /// The first tag whose name has an empty part between dots (`{{..}}`, `{{a..b}}`, `{{a.}}`); `{{.}}` and a single
    /// leading dot (`{{.a}}`) are Mustache's own.
    public var malformedName: Tag? {
        tags.first { tag in
            guard tag.sigil.map({ "#^/&{".contains($0) }) ?? true, tag.name != ".", !tag.name.contains("(") else { return false }
            let path = tag.name.hasPrefix(".") ? tag.name.dropFirst() : Substring(tag.name)
            return path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return [] }
        return bytes[first...last]
    }
}

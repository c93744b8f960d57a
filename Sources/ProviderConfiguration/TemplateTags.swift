/// The tags of a Mustache template in order, found without building a tree (so any input is scanned in linear time
/// and constant stack), following set-delimiter tags.
public struct TemplateTags {
    /// One tag: its sigil (`#`, `^`, `/`, `!`, `>`, `<`, `$`, `&`, `{`, `=`, `%`; nil for a plain variable), its name
    /// (trimmed), its 1-based line and column, and where it starts and ends (offsets in characters).
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
    /// A set-delimiter tag (`{{=<% %>=}}`) whose delimiters pass `maxDelimiterLength`: the scan stops there, since
    /// a delimiter's length multiplies its cost.
    public let overlongDelimiter: Tag?
    /// The longest delimiter followed.
    public static let maxDelimiterLength = 8
    /// The UTF-8 offset of each character, and of the end.
    private let byteOffsets: [Int]

    private static let sigils: Set<Character> = Set("#^/!><$&{=%")

    /// Scans `template` as Mustache's parser reads it: by `Character`s (so `}}` followed by a combining mark is not a
    /// closing delimiter), with set-delimiter halves split on any whitespace.
    public init(_ template: String) {
        let characters = Array(template)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(characters.count + 1)
        for character in characters { offsets.append(offsets[offsets.count - 1] + character.utf8.count) }
        byteOffsets = offsets
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]
        var found: [Tag] = []
        var overlong: Tag?
        var index = 0
        var line = 1
        var lineCountedTo = 0
        var lineStart = 0
        while let start = Self.find(open, in: characters, from: index) {
            let contentStart = start + open.count
            let triple = open == ["{", "{"] && contentStart < characters.count && characters[contentStart] == "{"
            let closing = triple ? ["}"] + close : close
            guard let contentEnd = Self.find(closing, in: characters, from: contentStart) else { break }
            for offset in lineCountedTo..<start where characters[offset].isNewline {
                line += 1
                lineStart = offset + 1
            }
            lineCountedTo = start
            var content = Self.trimmed(characters[contentStart..<contentEnd])
            var sigil: Character?
            if let first = content.first, Self.sigils.contains(first) {
                sigil = first
                content = Self.trimmed(content.dropFirst())
            }
            let end = contentEnd + closing.count
            let tag = Tag(
                sigil: sigil, name: String(content), line: line, column: start - lineStart + 1, start: start, end: end)
            found.append(tag)
            index = end
            if sigil == "=" {
                // `{{=<% %>=}}`: the new delimiters, separated by whitespace.
                let parts = content.last == "=" ? content.dropLast() : content
                let halves = parts.split(whereSeparator: \.isWhitespace)
                if halves.count == 2 {
                    guard halves.allSatisfy({ $0.count <= Self.maxDelimiterLength }) else {
                        overlong = tag
                        break
                    }
                    open = Array(halves[0])
                    close = Array(halves[1])
                }
            }
        }
        tags = found
        overlongDelimiter = overlong
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

    /// For each section name (its last dotted part), the shortest and the longest body, in UTF-8 bytes, of a section of
    /// that name.
    public var sectionBodyBytes: [String: ClosedRange<Int>] {
        var open: [Tag] = []
        var bodies: [String: ClosedRange<Int>] = [:]
        for tag in tags {
            switch tag.sigil {
            case "#", "^", "$", "<": open.append(tag)
            case "/":
                guard let opener = open.popLast() else { continue }
                let name = String(opener.name.split(separator: ".").last ?? "")
                let length = byteOffsets[tag.start] - byteOffsets[opener.end]
                bodies[name] =
                    bodies[name].map { min($0.lowerBound, length)...max($0.upperBound, length) } ?? length...length
            default: break
            }
        }
        return bodies
    }

    /// The first tag whose name has an empty part between dots (`{{..}}`, `{{a..b}}`, `{{a.}}`); `{{.}}` and a single
    /// leading dot (`{{.a}}`) are Mustache's own.
    public var malformedName: Tag? {
        tags.first { tag in
            guard tag.sigil.map({ "#^/&{".contains($0) }) ?? true, tag.name != ".", !tag.name.contains("(") else {
                return false
            }
            let path = tag.name.hasPrefix(".") ? tag.name.dropFirst() : Substring(tag.name)
            return path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
        }
    }

    private static func find(_ needle: [Character], in characters: [Character], from start: Int) -> Int? {
        guard let first = needle.first, start <= characters.count - needle.count else { return nil }
        var index = start
        while index <= characters.count - needle.count {
            if characters[index] == first, characters[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ characters: ArraySlice<Character>) -> ArraySlice<Character> {
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
            let last = characters.lastIndex(where: { !$0.isWhitespace })
        else { return [] }
        return characters[first...last]
    }
}

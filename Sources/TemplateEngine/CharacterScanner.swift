/// A cursor over a template's characters (grapheme clusters, as Mustache reads them).
struct CharacterScanner {
    let characters: [Character]
    var position = 0

    init(_ text: String) { characters = Array(text) }

    /// The template ended where more was needed.
    struct Overflow: Error {}

    var atEnd: Bool { position == characters.count }
    /// The current character, or NUL at the end.
    var current: Character { atEnd ? "\0" : characters[position] }

    mutating func advance() { position += 1 }

    /// Consumes `character` if it is next; throws at the end.
    mutating func take(_ character: Character) throws -> Bool {
        guard !atEnd else { throw Overflow() }
        guard characters[position] == character else { return false }
        position += 1
        return true
    }

    /// Consumes `string` if it comes next; throws when fewer characters than it has are left.
    mutating func take(_ string: [Character]) throws -> Bool {
        guard characters.count - position >= string.count else { throw Overflow() }
        guard characters[position..<(position + string.count)].elementsEqual(string) else { return false }
        position += string.count
        return true
    }

    /// Consumes characters while `predicate` holds.
    @discardableResult
    mutating func skip(while predicate: (Character) -> Bool) -> ArraySlice<Character> {
        let start = position
        while !atEnd, predicate(characters[position]) { position += 1 }
        return characters[start..<position]
    }

    /// Consumes characters up to the first where `predicate` holds; throws (consuming nothing) if none does.
    mutating func read(until predicate: (Character) -> Bool) throws -> ArraySlice<Character> {
        let start = position
        while !atEnd {
            if predicate(characters[position]) { return characters[start..<position] }
            position += 1
        }
        position = start
        throw Overflow()
    }

    /// Consumes up to and past `delimiter`, matching as Mustache did (a failed partial match does not rescan its
    /// last character); throws (consuming nothing) if it is not found.
    mutating func skip(past delimiter: [Character]) throws {
        guard !delimiter.isEmpty else { return }
        let start = position
        var matched = 0
        while !atEnd {
            if characters[position] == delimiter[matched] {
                matched += 1
                if matched == delimiter.count {
                    position += 1
                    return
                }
            } else {
                matched = 0
            }
            position += 1
        }
        position = start
        throw Overflow()
    }

    /// Line and column of the position, as swift-mustache 2 reported them.
    var lineAndColumn: (line: Int, column: Int) {
        var column = 0
        var index = position
        while index > 0 {
            index -= 1
            if characters[index] == "\n" { break }
            column += 1
        }
        let line = characters[0..<position].reduce(1) { $1.isNewline ? $0 + 1 : $0 }
        return (line, column + 1)
    }
}

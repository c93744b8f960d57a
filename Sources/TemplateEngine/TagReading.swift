/// The insides of tags: names with transforms, partial names, set-delimiter and pragma tags.
extension TemplateParser {
    static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let partialNameCharacters = nameCharacters.union("()/")

    /// A tag's name up to its closing delimiter, with its transforms (`a(b(x))`).
    mutating func readName(_ state: State) throws -> Reference {
        scanner.skip(while: \.isWhitespace)
        let text = scanner.skip(while: { Self.nameCharacters.contains($0) || $0 == "(" || $0 == ")" })
        scanner.skip(while: \.isWhitespace)
        guard try scanner.take(state.close) else { throw TemplateSyntaxError.Kind.unfinishedName }
        return try Self.reference(String(text))
    }

    /// Splits `outer(inner(name))`: each transform opens a parenthesis, all closed together at the end.
    static func reference(_ text: String) throws -> Reference {
        var rest = Substring(text)
        var transforms: [String] = []
        while true {
            let word = rest.prefix(while: { nameCharacters.contains($0) })
            rest = rest.dropFirst(word.count)
            guard let next = rest.first else {
                guard transforms.isEmpty else { throw TemplateSyntaxError.Kind.unfinishedName }
                return Reference(name: String(word), transforms: [])
            }
            rest = rest.dropFirst()
            if next == "(" {
                transforms.append(String(word))
                continue
            }
            guard next == ")", !transforms.isEmpty else { throw TemplateSyntaxError.Kind.unfinishedName }
            let closing = rest.prefix(while: { $0 == ")" }).count
            guard closing + 1 == transforms.count, closing == rest.count else {
                throw TemplateSyntaxError.Kind.unfinishedName
            }
            return Reference(name: String(word), transforms: transforms)
        }
    }

    mutating func readPartialName(_ state: State) throws -> String {
        scanner.skip(while: \.isWhitespace)
        let text = scanner.skip(while: { Self.partialNameCharacters.contains($0) })
        scanner.skip(while: \.isWhitespace)
        guard try scanner.take(state.close) else { throw TemplateSyntaxError.Kind.unfinishedName }
        return String(text)
    }

    /// `{{=<% %>=}}`: the new delimiters, split on whitespace.
    mutating func setDelimiters(_ state: inout State) throws {
        let open: ArraySlice<Character>
        let close: ArraySlice<Character>
        do {
            scanner.skip(while: \.isWhitespace)
            open = try scanner.read(until: \.isWhitespace)
            scanner.skip(while: \.isWhitespace)
            close = try scanner.read(until: { $0 == "=" || $0.isWhitespace })
            scanner.skip(while: \.isWhitespace)
        } catch {
            throw TemplateSyntaxError.Kind.invalidSetDelimiter
        }
        guard try scanner.take("="), try scanner.take(state.close), !open.isEmpty, !close.isEmpty else {
            throw TemplateSyntaxError.Kind.invalidSetDelimiter
        }
        state.open = Array(open)
        state.close = Array(close)
        state.parentTopLevel = false
    }

    /// `{{% CONTENT_TYPE: TEXT}}` or `HTML`.
    mutating func readPragma(_ state: State) throws -> Node {
        let name: ArraySlice<Character>
        let value: ArraySlice<Character>
        do {
            scanner.skip(while: \.isWhitespace)
            name = scanner.skip(while: { Self.nameCharacters.contains($0) })
            scanner.skip(while: \.isWhitespace)
            guard try scanner.take(":") else { throw TemplateSyntaxError.Kind.invalidConfigVariableSyntax }
            scanner.skip(while: \.isWhitespace)
            value = scanner.skip(while: { Self.nameCharacters.contains($0) })
            scanner.skip(while: \.isWhitespace)
            guard try scanner.take(state.close) else { throw TemplateSyntaxError.Kind.invalidConfigVariableSyntax }
        } catch {
            throw TemplateSyntaxError.Kind.invalidConfigVariableSyntax
        }
        guard !name.isEmpty, !value.isEmpty else { throw TemplateSyntaxError.Kind.invalidConfigVariableSyntax }
        guard String(name) == "CONTENT_TYPE" else { throw TemplateSyntaxError.Kind.unrecognisedConfigVariable }
        switch String(value) {
        case "TEXT": return .escaping(false)
        case "HTML": return .escaping(true)
        default: throw TemplateSyntaxError.Kind.unrecognisedConfigVariable
        }
    }
}

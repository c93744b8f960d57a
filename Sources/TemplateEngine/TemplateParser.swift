/// Reads a template into nodes the way swift-mustache 2 did, so the same text gives the same output: standalone
/// lines, whitespace, and the same errors at the same places. Sections recurse, at most `maxDepth` deep.
struct TemplateParser {
    var scanner: CharacterScanner
    let maxDepth: Int

    /// What a body is parsed within.
    struct State {
        /// The open section's name and transforms (nil at the top).
        var sectionName: String?
        var sectionTransforms: [String] = []
        /// At the start of a line (so a tag may be standalone).
        var newLine = true
        /// Inside a parent's body (`{{<x}}…{{/x}}`), and directly in it (where `{{$x}}` defines a block).
        var inParent = false
        var parentTopLevel = false
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]

        func section(_ name: String, transforms: [String] = [], newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.sectionTransforms = transforms
            state.parentTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }
    }

    /// A body's nodes; ends at its closing tag (or the template's end at the top).
    mutating func parseBody(_ state: State, depth: Int) throws -> [Node] {
        guard depth <= maxDepth else { throw TemplateSyntaxError.Kind.tooDeep }
        var nodes: [Node] = []
        var state = state
        var indentation = ""
        while !scanner.atEnd {
            if state.newLine {
                indentation = String(scanner.skip(while: { $0 == " " || $0 == "\t" }))
            }
            let text = try readText(state)
            if scanner.current.isNewline {
                nodes.append(.text(indentation + text + String(scanner.current)))
                state.newLine = true
                scanner.advance()
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(indentation + text))
                indentation = ""
                state.newLine = false
            }
            if scanner.atEnd { break }
            /// Emits the whitespace before a tag that is not standalone.
            func flushIndentation() {
                if !indentation.isEmpty { nodes.append(.text(indentation)) }
                indentation = ""
            }
            var standalone = false
            switch scanner.current {
            case "#", "^":
                let inverted = scanner.current == "^"
                scanner.advance()
                let reference = try readName(state)
                if isStandalone(state) { standalone = true } else { flushIndentation() }
                let body = try parseBody(
                    state.section(reference.name, transforms: reference.transforms, newLine: standalone),
                    depth: depth + 1)
                nodes.append(inverted ? .invertedSection(reference, body: body) : .section(reference, body: body))
            case "/":
                scanner.advance()
                let position = scanner.position
                let reference = try readName(state)
                guard reference.name == state.sectionName, reference.transforms == state.sectionTransforms else {
                    scanner.position = position
                    throw TemplateSyntaxError.Kind.sectionCloseNameIncorrect
                }
                if !isStandalone(state) { flushIndentation() }
                return nodes
            case "!":
                scanner.advance()
                try scanner.skip(past: state.close)
                standalone = isStandalone(state)
            case "{":
                flushIndentation()
                scanner.advance()
                let reference = try readName(state)
                guard try scanner.take("}") else { throw TemplateSyntaxError.Kind.unfinishedName }
                nodes.append(.variable(reference, escaped: false))
            case "&":
                flushIndentation()
                scanner.advance()
                nodes.append(.variable(try readName(state), escaped: false))
            case ">":
                scanner.advance()
                scanner.skip(while: \.isWhitespace)
                if scanner.current == "*" { scanner.advance() }
                _ = try readPartialName(state)
                if !indentation.isEmpty { nodes.append(.text(indentation)) }
                standalone = isStandalone(state)
                nodes.append(.partial)
                indentation = ""
            case "<":
                scanner.advance()
                scanner.skip(while: \.isWhitespace)
                let name = try readPartialName(state)
                if !indentation.isEmpty { nodes.append(.text(indentation)) }
                standalone = isStandalone(state)
                var inner = state.section(name, newLine: true)
                inner.inParent = true
                inner.parentTopLevel = true
                inner.newLine = true
                // A parent's body holds only text and block definitions.
                for node in try parseBody(inner, depth: depth + 1) {
                    switch node {
                    case .text, .blockDefinition: continue
                    default: throw TemplateSyntaxError.Kind.illegalTokenInsideInheritSection
                    }
                }
                nodes.append(.partial)
                indentation = ""
            case "$":
                scanner.advance()
                let reference = try readName(state)
                guard reference.transforms.isEmpty else {
                    throw TemplateSyntaxError.Kind.transformAppliedToInheritanceSection
                }
                if state.parentTopLevel {
                    standalone = isStandalone(state)
                    _ = try parseBody(state.section(reference.name, newLine: standalone), depth: depth + 1)
                    nodes.append(.blockDefinition)
                } else {
                    if !indentation.isEmpty { nodes.append(.text(indentation)) }
                    standalone = isStandalone(state)
                    let body = try parseBody(state.section(reference.name, newLine: standalone), depth: depth + 1)
                    nodes.append(.block(body: body, indentation: indentation))
                    indentation = ""
                }
            case "=":
                scanner.advance()
                try setDelimiters(&state)
                standalone = isStandalone(state)
            case "%":
                scanner.advance()
                nodes.append(try readPragma(state))
                standalone = isStandalone(state)
            default:
                flushIndentation()
                nodes.append(.variable(try readName(state), escaped: true))
            }
            state.newLine = standalone
        }
        guard state.sectionName == nil else { throw TemplateSyntaxError.Kind.expectedSectionEnd }
        return nodes
    }

    /// Text up to a newline (not consumed) or past the next opening delimiter.
    mutating func readText(_ state: State) throws -> String {
        guard let first = state.open.first else { return "" }
        var text = ""
        while !scanner.atEnd {
            text += String(scanner.skip(while: { $0 != "\n" && $0 != "\r\n" && $0 != first }))
            if scanner.current.isNewline { break }
            if scanner.current == first {
                if try scanner.take(state.open) { break }
                text.append(first)
                scanner.advance()
            }
        }
        return text
    }

    /// A tag alone on its line: consumes the rest of the line (blanks and the newline).
    mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if scanner.atEnd { return true }
        var probe = scanner
        probe.skip(while: { $0 == " " || $0 == "\t" })
        guard probe.current.isNewline else { return false }
        scanner.position = probe.position + 1
        return true
    }
}

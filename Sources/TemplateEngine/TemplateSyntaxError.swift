/// Why and where a template does not parse. `line` and `column` count from 1, as swift-mustache 2 counted them
/// (lines by any newline character, columns by characters back to the last `\n`).
public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case sectionCloseNameIncorrect
        case unfinishedName
        case expectedSectionEnd
        case invalidSetDelimiter
        case transformAppliedToInheritanceSection
        case illegalTokenInsideInheritSection
        case invalidConfigVariableSyntax
        case unrecognisedConfigVariable
        /// The template ended inside a tag.
        case overflow
        /// Sections nested deeper than the parse allows.
        case tooDeep
    }

    public let kind: Kind
    public let line: Int
    public let column: Int
}

/// Thrown inside the parser, which adds the position.
extension TemplateSyntaxError.Kind: Error {}

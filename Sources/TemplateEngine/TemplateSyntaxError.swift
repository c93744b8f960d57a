/// Why and where a template does not parse. `line` and `column` count from 1, as swift-mustache 2 counted them
/// (lines by any newline character, columns by characters back to the last `\n`).
package struct TemplateSyntaxError: Error, Sendable, Equatable {
    package enum Kind: String, Sendable {
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

    package let kind: Kind
    package let line: Int
    package let column: Int
}

/// Thrown inside the parser, which adds the position.
extension TemplateSyntaxError.Kind: Error {}

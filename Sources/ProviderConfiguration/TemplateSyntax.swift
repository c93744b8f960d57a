import ProviderValues
import TemplateEngine

/// Checks an object's `template` (Mustache) without rendering it, so a class with a broken template is refused
/// before any Vault call, and `lint` can say where.
public enum TemplateSyntax {
    /// Where and why the template does not parse; nil when it does. `line` counts from 1 within the template.
    /// Sections deeper than `Limits.maxTemplateDepth` and tag names with an empty dotted part are refused before the
    /// parser (which recurses per section) sees them.
    public static func problem(in template: String) -> (line: Int, column: Int, reason: String)? {
        let tags = TemplateTags(template)
        if tags.sectionDepth > Limits.maxTemplateDepth,
            let tag = tags.tags.first(where: { "#^$<".contains($0.sigil ?? " ") })
        {
            return (tag.line, tag.column, "sections are nested more than \(Limits.maxTemplateDepth) deep")
        }
        // Mustache reads characters: a combining mark first would merge with the text pragma's closing brace.
        if (TemplateRenderer.textPragma + template).count != TemplateRenderer.textPragma.count + template.count {
            return (1, 1, "the template begins with a combining character")
        }
        if let tag = tags.tags.first(where: { $0.sigil == "%" && $0.name != "CONTENT_TYPE: TEXT" }) {
            return (
                tag.line, tag.column,
                "pragmas other than CONTENT_TYPE: TEXT are not supported: templates render as text, byte for byte"
            )
        }
        if let tag = tags.overlongDelimiter {
            return (
                tag.line, tag.column,
                "a set-delimiter tag sets a delimiter longer than \(TemplateTags.maxDelimiterLength) characters"
            )
        }
        if let tag = tags.tags.first(where: { $0.name.filter { $0 == "(" }.count > maxTransforms }) {
            return (tag.line, tag.column, "a tag applies more than \(maxTransforms) transforms")
        }
        if let tag = tags.malformedName {
            return (tag.line, tag.column, "the tag name \(Quoted(tag.name)) has an empty part between dots")
        }
        do {
            _ = try Template(parsing: template, maxDepth: Limits.maxTemplateDepth)
            return nil
        } catch {
            return (error.line, error.column, reason(error.kind))
        }
    }

    /// Nested transforms in one tag (`{{uppercased(reversed(x))}}`): the parser recurses on each.
    static let maxTransforms = 4

    /// The engine's error in words; the rarer kinds keep the names swift-mustache gave them.
    private static func reason(_ kind: TemplateSyntaxError.Kind) -> String {
        switch kind {
        case .sectionCloseNameIncorrect: "a section is closed with another name than it was opened with"
        case .unfinishedName: "a tag is not closed"
        case .expectedSectionEnd: "a section is never closed"
        case .invalidSetDelimiter: "an invalid set-delimiter tag"
        case .tooDeep: "sections are nested more than \(Limits.maxTemplateDepth) deep"
        default: kind.rawValue
        }
    }
}

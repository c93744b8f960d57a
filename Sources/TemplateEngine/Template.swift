/// A parsed Mustache template: parse once, render with any `TemplateValue`.
public struct Template: Sendable {
    let nodes: [Node]

    /// Parses `text`, refusing sections nested deeper than `maxDepth`.
    public init(parsing text: String, maxDepth: Int = 64) throws(TemplateSyntaxError) {
        var parser = TemplateParser(scanner: CharacterScanner(text), maxDepth: maxDepth)
        do {
            nodes = try parser.parseBody(TemplateParser.State(), depth: 0)
        } catch {
            let kind = (error as? TemplateSyntaxError.Kind) ?? .overflow
            let (line, column) = parser.scanner.lineAndColumn
            throw TemplateSyntaxError(kind: kind, line: line, column: column)
        }
    }

    /// The text for `root`; `escapingHTML` is where `{{x}}` starts (a `{{% CONTENT_TYPE: …}}` pragma switches it).
    public func render(_ root: any TemplateValue, escapingHTML: Bool) -> String {
        RenderContext(stack: [root], position: nil, indentation: "", escaping: escapingHTML).render(nodes)
    }
}

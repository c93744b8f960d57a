/// A parsed Mustache template: parse once, render with any `TemplateValue`.
package struct Template: Sendable {
    let nodes: [Node]

    /// Parses `text`, refusing sections nested deeper than `maxDepth`.
    package init(parsing text: String, maxDepth: Int = 64) throws(TemplateSyntaxError) {
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
    package func render(_ root: any TemplateValue, escapingHTML: Bool) -> String {
        render(root, escapingHTML: escapingHTML, outputLimit: .max, workLimit: .max) ?? ""
    }

    /// The text for `root`, or nil once it would pass `outputLimit` UTF-8 bytes or render more than `workLimit`
    /// nodes (a node inside a section counts once per pass): rendering stops there.
    package func render(_ root: any TemplateValue, escapingHTML: Bool, outputLimit: Int, workLimit: Int) -> String? {
        let meter = RenderMeter(outputLimit: outputLimit, workLimit: workLimit)
        let text = RenderContext(stack: [root], position: nil, indentation: "", escaping: escapingHTML, meter: meter)
            .render(nodes)
        return meter.isSpent ? nil : text
    }
}

/// Where rendering stands: the context stack (innermost last), the list pass, the block indentation, escaping.
struct RenderContext {
    var stack: [any TemplateValue]
    /// Set while rendering a list's pass; a section or block clears it.
    var position: SequencePosition?
    /// Put before each later line of a `{{$x}}` block's output.
    var indentation: String
    var escaping: Bool
    /// Bounds the output and the work of the whole rendering.
    let meter: RenderMeter

    func pushing(_ value: any TemplateValue, at position: SequencePosition? = nil) -> RenderContext {
        var context = self
        context.stack.append(value)
        context.position = position
        return context
    }

    /// Renders `nodes` in order; a pragma changes escaping for the nodes after it.
    func render(_ nodes: [Node]) -> String {
        var context = self
        var output = ""
        for node in nodes {
            guard meter.step() else { break }
            let piece = context.render(node)
            if !indentation.isEmpty, !piece.isEmpty, output.last == "\n" { output += meter.emit(indentation) }
            output += piece
        }
        return output
    }

    private mutating func render(_ node: Node) -> String {
        switch node {
        case .text(let text):
            return meter.emit(text)
        case .variable(let reference, let escaped):
            guard let value = resolve(reference) else { return "" }
            let text = value.renderedText()
            return meter.emit(escaped && escaping ? HTMLEscaping.escaped(text) : text)
        case .section(let reference, let body):
            guard let value = resolve(reference) else { return "" }
            switch value.sectionRole {
            case .list: return renderPasses(of: value, body)
            case .falsy: return ""
            case .trueFlag: return render(body)
            case .scope: return pushing(value).render(body)
            }
        case .invertedSection(let reference, let body):
            guard let value = resolve(reference) else { return render(body) }
            switch value.sectionRole {
            case .list:
                let passes = value.makePasses()
                return passes.next() == nil ? pushing(value).render(body) : ""
            case .falsy: return render(body)
            case .trueFlag, .scope: return ""
            }
        case .block(let body, let indentation):
            var context = self
            context.position = nil
            context.indentation += indentation
            return context.render(body)
        case .escaping(let on):
            escaping = on
            return ""
        case .partial, .blockDefinition:
            return ""
        }
    }

    /// One rendering of `body` per item, each knowing whether it is the first or last pass.
    private func renderPasses(of list: any TemplateValue, _ body: [Node]) -> String {
        let passes = list.makePasses()
        guard var item = passes.next() else { return "" }
        var position = SequencePosition(first: true, last: false, index: 0)
        var output = ""
        while !meter.isSpent, let next = passes.next() {
            output += pushing(item, at: position).render(body)
            item = next
            position.first = false
            position.index += 1
        }
        position.last = true
        return output + pushing(item, at: position).render(body)
    }
}

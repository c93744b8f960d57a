extension RenderContext {
    /// The value a tag names: `.` is the top of the stack; `a.b` finds `a` on the nearest level of the stack that
    /// has it, then `b` in it; `.a` looks at the top only; a bare transform (`first()`) applies to the list pass.
    /// Transforms then apply innermost first; nil if any step finds nothing.
    func resolve(_ reference: Reference) -> (any TemplateValue)? {
        let name = reference.name
        var value: (any TemplateValue)?
        if name == "." {
            value = stack.last
        } else if name.isEmpty, !reference.transforms.isEmpty {
            value = position
        } else if name.first == "." {
            value = Self.descend(name.split(separator: ".")[...], from: stack.last)
        } else {
            let parts = name.split(separator: ".")
            if let first = parts.first {
                value = nil
                for level in stack.reversed() {
                    if let found = level.member(named: String(first)) {
                        value = Self.descend(parts.dropFirst(), from: found)
                        break
                    }
                }
            } else {
                value = stack.last
            }
        }
        guard var result = value else { return nil }
        for transform in reference.transforms.reversed() {
            guard let transformed = result.transformed(by: transform) else { return nil }
            result = transformed
        }
        return result
    }

    private static func descend(_ parts: ArraySlice<Substring>, from value: (any TemplateValue)?) -> (
        any TemplateValue
    )? {
        var current = value
        for part in parts {
            guard let next = current?.member(named: String(part)) else { return nil }
            current = next
        }
        return current
    }
}

extension SequencePosition: TemplateValue {
    /// Never printed: only reached through a transform.
    func renderedText() -> String { "" }
}

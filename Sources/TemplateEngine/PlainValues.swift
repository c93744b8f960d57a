// Values the engine itself makes: what transforms return. Their text is not charged to any budget, as
// swift-mustache's own Bool, Int and String were not.

/// A boolean from a transform (`{{#empty(x)}}`, `{{#first()}}`): prints `true`/`false`; `true` renders a section
/// in place.
package struct PlainBool: TemplateValue {
    package let value: Bool
    package init(_ value: Bool) { self.value = value }
    package func renderedText() -> String { value ? "true" : "false" }
    package var sectionRole: SectionRole { value ? .trueFlag : .falsy }
}

/// An integer from a transform (`{{index()}}`): prints its decimal text; has the integer transforms.
package struct PlainInteger: TemplateValue {
    package let value: Int
    package init(_ value: Int) { self.value = value }
    package func renderedText() -> String { String(value) }
    package func transformed(by name: String) -> (any TemplateValue)? { Transforms.integer(value, name) }
}

/// A string from a transform (`{{uppercased(reversed(x))}}`): prints itself; has the string transforms.
package struct PlainText: TemplateValue {
    package let text: String
    package init(_ text: String) { self.text = text }
    package func renderedText() -> String { text }
    package func transformed(by name: String) -> (any TemplateValue)? {
        Transforms.string(text, name).map { result in
            switch result {
            case .text(let text): PlainText(text)
            case .other(let value): value
            }
        }
    }
}

// Values the engine itself makes: what transforms return. Their text is not charged to any budget, as
// swift-mustache's own Bool, Int and String were not.

/// A boolean from a transform (`{{#empty(x)}}`, `{{#first()}}`): prints `true`/`false`; `true` renders a section
/// in place.
public struct PlainBool: TemplateValue {
    public let value: Bool
    public init(_ value: Bool) { self.value = value }
    public func renderedText() -> String { value ? "true" : "false" }
    public var sectionRole: SectionRole { value ? .trueFlag : .falsy }
}

/// An integer from a transform (`{{index()}}`): prints its decimal text; has the integer transforms.
public struct PlainInteger: TemplateValue {
    public let value: Int
    public init(_ value: Int) { self.value = value }
    public func renderedText() -> String { String(value) }
    public func transformed(by name: String) -> (any TemplateValue)? { Transforms.integer(value, name) }
}

/// A string from a transform (`{{uppercased(reversed(x))}}`): prints itself; has the string transforms.
public struct PlainText: TemplateValue {
    public let text: String
    public init(_ text: String) { self.text = text }
    public func renderedText() -> String { text }
    public func transformed(by name: String) -> (any TemplateValue)? {
        Transforms.string(text, name).map { result in
            switch result {
            case .text(let text): PlainText(text)
            case .other(let value): value
            }
        }
    }
}

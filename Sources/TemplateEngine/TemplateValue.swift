/// A value as a template sees it. Implement it for the data a template renders; every requirement but
/// `renderedText` has a default (no members, no transforms, renders a section once with itself on the stack).
package protocol TemplateValue {
    /// What `{{x}}` prints for it (before any HTML escaping).
    func renderedText() -> String
    /// How `{{#x}}` and `{{^x}}` treat it.
    var sectionRole: SectionRole { get }
    /// The member `name` (`{{x.name}}`, or `{{name}}` while it is on the context stack); nil when it has none.
    func member(named name: String) -> (any TemplateValue)?
    /// The value `name(x)` gives, or nil when that transform does not apply.
    func transformed(by name: String) -> (any TemplateValue)?
    /// The items a section iterates; only asked when `sectionRole` is `.list`.
    func makePasses() -> AnyIterator<any TemplateValue>
}

/// How a section treats a value.
package enum SectionRole: Sendable {
    /// Renders the body once per item, each item on top of the context stack (inverted: only when there is none).
    case list
    /// Skips the body (inverted: renders it, the stack unchanged).
    case falsy
    /// Renders the body once, the stack unchanged (a plain boolean `true`, as transforms give).
    case trueFlag
    /// Renders the body once with the value on top of the stack (inverted: skips it).
    case scope
}

extension TemplateValue {
    package var sectionRole: SectionRole { .scope }
    package func member(named name: String) -> (any TemplateValue)? { nil }
    package func transformed(by name: String) -> (any TemplateValue)? { nil }
    package func makePasses() -> AnyIterator<any TemplateValue> { AnyIterator { nil } }
}

/// One piece of a parsed template. Sections hold their bodies, so the tree is as deep as the sections are nested
/// (which `Template.parse` bounds).
indirect enum Node: Sendable {
    case text(String)
    /// `{{x}}` (escaped when HTML escaping is on) or `{{{x}}}` / `{{& x}}` (never escaped).
    case variable(Reference, escaped: Bool)
    case section(Reference, body: [Node])
    case invertedSection(Reference, body: [Node])
    /// `{{$x}}default{{/x}}` outside a parent: its default, each later line indented by the whitespace before it.
    case block(body: [Node], indentation: String)
    /// `{{$x}}…{{/x}}` directly in a parent's body: parsed, never rendered (there are no partials to fill).
    case blockDefinition
    /// `{{% CONTENT_TYPE: HTML|TEXT}}`: escaping on or off for the rest of the enclosing body.
    case escaping(Bool)
    /// `{{>x}}` or `{{<x}}…{{/x}}`: there are no partials, so nothing renders.
    case partial
}

/// A tag's name and the transforms applied to it, innermost last (`{{a(b(x))}}` is `x` with `["a", "b"]`).
struct Reference: Sendable, Equatable {
    let name: String
    let transforms: [String]
}

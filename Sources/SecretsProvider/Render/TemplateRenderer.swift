import Mustache
import ProviderConfiguration
import ProviderValues

/// Renders an object's `template` with a read's data, byte for byte (no HTML escaping), refusing variables that
/// the data does not hold.
enum TemplateRenderer {
    /// The rendered text, or the names of the variables the data lacks (sorted).
    static func render(_ template: String, data: JSONValue) -> Result<String, MissingVariables> {
        // The text content type: a password with & < " must come out unchanged. No newline, so lines keep their numbers.
        guard let parsed = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + template) else {
            return .failure(MissingVariables(names: []))  // Unreachable: the parser checked the syntax.
        }
        let misses = TemplateContext.Misses()
        let text = parsed.render(TemplateContext.root(data, misses: misses))
        var missing = misses.all.intersection(variableNames(in: template).map { String($0.split(separator: ".")[0]) })
        // A dotted name whose first part is at the root must resolve all the way down.
        for name in variableNames(in: template) where name.contains(".") {
            let parts = name.split(separator: ".").map(String.init)
            if case .object(let members) = data, members[parts[0]] != nil,
               JSONPointer(tokens: parts).resolve(in: data) == nil {
                missing.insert(name)
            }
        }
        return missing.isEmpty ? .success(text) : .failure(MissingVariables(names: missing.sorted()))
    }

    /// The variables a template shows (`{{x}}`, `{{{x}}}`, `{{& x}}`), not its sections, partials or comments.
    /// Custom delimiters (`{{=<% %>=}}`) are not followed: names after them are not checked.
    static func variableNames(in template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var tag = rest[..<close.lowerBound].trimmingWhitespace()
            rest = rest[close.upperBound...]
            if tag.hasPrefix("=") { break }
            if let first = tag.first, "#^/!><$%".contains(first) { continue }
            if tag.hasPrefix("{") || tag.hasPrefix("&") { tag = tag.dropFirst().trimmingWhitespace() }
            if rest.hasPrefix("}") { rest = rest.dropFirst() }
            // Transforms (`{{ uppercased(x) }}`) are not checked.
            if !tag.isEmpty, tag != ".", !tag.contains("(") { names.insert(String(tag)) }
        }
        return names
    }

    /// Variables the template needs and the data lacks.
    struct MissingVariables: Error {
        let names: [String]
    }
}

private extension Substring {
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[first...last]
    }
}

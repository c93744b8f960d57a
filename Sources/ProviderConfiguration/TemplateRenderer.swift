import ProviderValues
import TemplateEngine

/// Renders an object's `template` with a read's data, byte for byte (no HTML escaping), refusing variables that
/// the data does not hold, and stopping once the output could pass `limit` bytes.
public enum TemplateRenderer {
    /// Why a template did not render.
    public enum Failure: Error, Equatable {
        /// The variables the data lacks (sorted).
        case missing([String])
        /// The output would pass the byte limit.
        case tooLarge
        /// The template does not parse (`TemplateSyntax` says why).
        case unparsable
    }

    /// Put before every template: the text content type, so that a password with & < " comes out unchanged.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    /// The rendered text, or why there is none.
    public static func render(_ template: String, data: JSONValue, limit: Int = Limits.maxFileBytes) -> Result<
        String, Failure
    > {
        // The text content type: a password with & < " must come out unchanged. No newline, so lines keep their
        // numbers.
        guard let parsed = try? Template(parsing: textPragma + template, maxDepth: Limits.maxTemplateDepth) else {
            return .failure(.unparsable)  // Not after `TemplateSyntax` accepted the template.
        }
        let tags = TemplateTags(template)
        let budget = TemplateContext.Budget(limit: limit, sectionBodyBytes: tags.sectionBodyBytes)
        let misses = TemplateContext.Misses()
        // The template's own text counts once: sections' bodies count again at each pass of a list.
        guard budget.charge(template.utf8.count) else { return .failure(.tooLarge) }
        // The engine's meter is exact where the budget estimates: the output never passes `limit`, and the nodes
        // rendered stay within a bound even when every pass prints nothing.
        guard
            let text = parsed.render(
                TemplateContext.root(data, misses: misses, budget: budget), escapingHTML: false,
                outputLimit: limit, workLimit: workLimit(limit)),
            !budget.isExhausted
        else { return .failure(.tooLarge) }
        let names = variableNames(in: tags)
        var missing = misses.all.intersection(names.compactMap { $0.split(separator: ".").first.map(String.init) })
        // A dotted name whose first part is at the root must resolve all the way down.
        for name in names where name.contains(".") {
            let parts = name.split(separator: ".").map(String.init)
            if case .object(let members) = data, let first = parts.first, members[first] != nil,
                JSONPointer(tokens: parts).resolve(in: data) == nil
            {
                missing.insert(name)
            }
        }
        return missing.isEmpty ? .success(text) : .failure(.missing(missing.sorted()))
    }

    /// Nodes a rendering may visit: four per byte of the limit, and a floor for small limits.
    static func workLimit(_ limit: Int) -> Int { 4 * limit + 100_000 }

    /// The variables a template shows (`{{x}}`, `{{{x}}}`, `{{& x}}`), not its sections, partials or comments.
    /// Names after a set-delimiter tag (`{{=<% %>=}}`) are not checked; nor are transforms (`{{ uppercased(x) }}`).
    static func variableNames(in template: String) -> Set<String> {
        variableNames(in: TemplateTags(template))
    }

    private static func variableNames(in tags: TemplateTags) -> Set<String> {
        var names: Set<String> = []
        for tag in tags.tags {
            if tag.sigil == "=" { break }
            guard tag.sigil == nil || tag.sigil == "&" || tag.sigil == "{" else { continue }
            if !tag.name.isEmpty, tag.name != ".", !tag.name.contains("(") { names.insert(tag.name) }
        }
        return names
    }
}

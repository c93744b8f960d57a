import ProviderValues
import TemplateEngine

/// The Mustache spec's data as template values: objects are scopes, arrays lists, `false` and `null` falsy (null
/// prints nothing), `true` a flag that leaves the context as it is.
struct SpecValue: TemplateValue {
    let json: JSONValue

    func renderedText() -> String {
        switch json {
        case .null: ""
        case .string(let string): string
        case .number(let literal): literal
        case .bool(let bool): bool ? "true" : "false"
        case .array, .object: json.canonicalJSON
        }
    }

    var sectionRole: SectionRole {
        switch json {
        case .null: .falsy
        case .array: .list
        case .bool(let bool): bool ? .trueFlag : .falsy
        default: .scope
        }
    }

    func member(named name: String) -> (any TemplateValue)? {
        guard case .object(let members) = json else { return nil }
        return members[name].map(SpecValue.init)
    }

    func makePasses() -> AnyIterator<any TemplateValue> {
        guard case .array(let items) = json else { return AnyIterator { nil } }
        var rest = items[...]
        return AnyIterator { rest.popFirst().map(SpecValue.init) }
    }
}

import Mustache
import ProviderConfiguration
import ProviderValues
import Synchronization

/// The data a template is rendered with, as Mustache sees it: objects look names up (and record the misses at the
/// root), lists iterate, strings are raw, numbers are their JSON text, objects and lists render as JSON, and
/// null renders as `null` but counts as false in a section.
enum TemplateContext {
    /// The names looked up at the root and found nowhere on the context stack.
    final class Misses: Sendable {
        private let names = Mutex<Set<String>>([])

        func record(_ name: String) { names.withLock { _ = $0.insert(name) } }
        var all: Set<String> { names.withLock { $0 } }
    }

    /// The root scope over `data`.
    static func root(_ data: JSONValue, misses: Misses) -> Any {
        guard case .object(let members) = data else { return value(data) }
        return Scope(members: members, misses: misses)
    }

    static func value(_ json: JSONValue) -> Any {
        switch json {
        case .string(let string): return string
        case .number(let literal): return Literal(text: literal)
        case .bool(let bool): return bool
        case .null: return Null()
        case .array(let items): return List(items: items)
        case .object(let members): return Scope(members: members, misses: nil)
        }
    }

    /// An object: a parent for name lookups; renders as JSON.
    struct Scope: MustacheParent, MustacheCustomRenderable {
        let members: [String: JSONValue]
        /// Only the root records misses: the stack walk ends there, so a miss at the root is a miss everywhere.
        let misses: Misses?

        func child(named name: String) -> Any? {
            guard let member = members[name] else {
                misses?.record(name)
                return nil
            }
            return TemplateContext.value(member)
        }

        var renderText: String { JSONValue.object(members).canonicalJSON }
        var isNull: Bool { false }
    }

    /// A list: iterated by sections; renders as JSON.
    struct List: MustacheSequence, MustacheCustomRenderable {
        let items: [JSONValue]

        func makeIterator() -> IndexingIterator<[Any]> { items.map(TemplateContext.value).makeIterator() }
        var renderText: String { JSONValue.array(items).canonicalJSON }
        var isNull: Bool { false }
    }

    /// A number, rendered as its JSON text.
    struct Literal: MustacheCustomRenderable {
        let text: String
        var renderText: String { text }
        var isNull: Bool { false }
    }

    /// JSON null: `null` as text, false as a section.
    struct Null: MustacheCustomRenderable {
        var renderText: String { "null" }
        var isNull: Bool { true }
    }
}

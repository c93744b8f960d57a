import ProviderValues
import Synchronization
import TemplateEngine

/// The data a template is rendered with (`TemplateRenderer`), as Mustache sees it: objects look names up (and record
/// the misses at the
/// root), lists iterate, strings are raw, numbers are their JSON text, objects and lists render as JSON, and
/// null renders as `null` but counts as false in a section. Every value and every pass over a list is charged to a
/// `Budget`; once it is spent, values render empty and lists stop, so the output stays bounded.
enum TemplateContext {
    /// The names looked up at the root and found nowhere on the context stack.
    final class Misses: Sendable {
        private let names = Mutex<Set<String>>([])

        func record(_ name: String) { names.withLock { _ = $0.insert(name) } }
        var all: Set<String> { names.withLock { $0 } }
    }

    /// An upper bound of the bytes rendered so far. The template's text counts once, each value's text exactly, and
    /// each pass over a list the longest body of a section of its name. A non-empty list's section was counted in full
    /// as part of the text around it, so its first
    /// pass gives back the shortest body of that name. Exact with distinct section names; over-counts otherwise.
    final class Budget: Sendable {
        private let limit: Int
        private let used = Mutex(0)
        let sectionBodyBytes: [String: ClosedRange<Int>]
        /// For a list iterated by `{{#.}}` or reached without a name.
        let anyBody: ClosedRange<Int>

        init(limit: Int, sectionBodyBytes: [String: ClosedRange<Int>]) {
            self.limit = limit
            self.sectionBodyBytes = sectionBodyBytes
            self.anyBody = 0...(sectionBodyBytes.values.map(\.upperBound).max() ?? 0)
        }

        /// Adds `bytes` (a refund when negative); false once the total has passed the limit, which is final.
        func charge(_ bytes: Int) -> Bool {
            used.withLock { total in
                total = total > limit ? total : total + bytes
                return total <= limit
            }
        }

        var isExhausted: Bool { used.withLock { $0 > limit } }
    }

    /// The root scope over `data`.
    static func root(_ data: JSONValue, misses: Misses, budget: Budget) -> any TemplateValue {
        guard case .object(let members) = data else { return value(data, name: nil, budget: budget) }
        return Scope(members: members, misses: misses, budget: budget)
    }

    /// `json` as Mustache sees it; `name` is what it was looked up by (a list's passes are charged by it).
    static func value(_ json: JSONValue, name: String?, budget: Budget) -> any TemplateValue {
        switch json {
        case .string(let string): return Text(string: string, budget: budget)
        case .number(let literal): return Literal(text: literal, budget: budget)
        case .bool(let bool): return Flag(value: bool, budget: budget)
        case .null: return Null(budget: budget)
        case .array(let items):
            return List(
                items: items, bodyBytes: name.flatMap { budget.sectionBodyBytes[$0] } ?? budget.anyBody, budget: budget)
        case .object(let members): return Scope(members: members, misses: nil, budget: budget)
        }
    }

    /// An object: a parent for name lookups; renders as JSON.
    struct Scope: TemplateValue {
        let members: [String: JSONValue]
        /// Only the root records misses: the stack walk ends there, so a miss at the root is a miss everywhere.
        let misses: Misses?
        let budget: Budget

        func member(named name: String) -> (any TemplateValue)? {
            guard let member = members[name] else {
                misses?.record(name)
                return nil
            }
            return TemplateContext.value(member, name: name, budget: budget)
        }

        func renderedText() -> String { TemplateContext.charged(JSONValue.object(members).canonicalJSON, budget) }
    }

    /// A list: iterated by sections, each pass charged; renders as JSON.
    struct List: TemplateValue {
        let items: [JSONValue]
        /// The bodies of the sections that may iterate it.
        let bodyBytes: ClosedRange<Int>
        let budget: Budget

        var sectionRole: SectionRole { .list }
        func makePasses() -> AnyIterator<any TemplateValue> { AnyIterator(Passes(items: items[...], list: self)) }
        func renderedText() -> String { TemplateContext.charged(JSONValue.array(items).canonicalJSON, budget) }

        /// The items, while the budget lasts.
        struct Passes: IteratorProtocol {
            var items: ArraySlice<JSONValue>
            let list: List
            var started = false

            mutating func next() -> (any TemplateValue)? {
                guard let item = items.popFirst() else { return nil }
                let refund = started ? 0 : list.bodyBytes.lowerBound
                started = true
                // At least a byte a pass: passes over empty bodies are work too, and the budget bounds their number.
                guard list.budget.charge(Swift.max(1, list.bodyBytes.upperBound - refund)) else { return nil }
                return TemplateContext.value(item, name: nil, budget: list.budget)
            }
        }
    }

    /// A string: raw text, charged; the string transforms (`uppercased(x)`) apply, and their text is charged too
    /// (but for `reversed`, which never was).
    struct Text: TemplateValue {
        let string: String
        let budget: Budget

        func renderedText() -> String { TemplateContext.charged(string, budget) }

        func transformed(by name: String) -> (any TemplateValue)? {
            switch Transforms.string(string, name) {
            case .text(let text): Text(string: text, budget: budget)
            case .other(let value): value
            case nil: nil
            }
        }
    }

    /// A number, rendered as its JSON text.
    struct Literal: TemplateValue {
        let text: String
        let budget: Budget
        func renderedText() -> String { TemplateContext.charged(text, budget) }
    }

    /// A boolean, rendered as `true` or `false` (charged: with one-character delimiters `<.>` prints more than its
    /// tag). A section over `false` is skipped; over `true` it renders once (with the flag on top of the context).
    struct Flag: TemplateValue {
        let value: Bool
        let budget: Budget
        func renderedText() -> String { TemplateContext.charged(value ? "true" : "false", budget) }
        var sectionRole: SectionRole { value ? .scope : .falsy }
    }

    /// JSON null: `null` as text, false as a section.
    struct Null: TemplateValue {
        let budget: Budget
        func renderedText() -> String { TemplateContext.charged("null", budget) }
        var sectionRole: SectionRole { .falsy }
    }

    /// `text` when the budget has room for it, else nothing (and, once spent, `text` is not even built).
    private static func charged(_ text: @autoclosure () -> String, _ budget: Budget) -> String {
        guard !budget.isExhausted else { return "" }
        let text = text()
        return budget.charge(text.utf8.count) ? text : ""
    }
}

/// An RFC 6901 JSON Pointer (`/config/db/password`, `/list/0`, with `~1` for `/` and `~0` for `~`): a `secretKey`
/// that starts with `/` selects a nested value this way.
public struct JSONPointer: Sendable, Equatable {
    /// The unescaped reference tokens, outermost first.
    public let tokens: [String]

    /// A pointer made of these (unescaped) tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses `text`, which must start with `/`; nil when a `~` is not followed by `0` or `1`.
    public init?(_ text: String) {
        guard text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var characters = raw.makeIterator()
            while let character = characters.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch characters.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: return nil
                }
            }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The value the pointer selects in `value`; nil when a step is missing. Array steps are decimal indexes
    /// without leading zeros.
    public func resolve(in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = JSONPointer.index(token), index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    private static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
            token == "0" || !token.hasPrefix("0")
        else { return nil }
        return Int(token)
    }
}

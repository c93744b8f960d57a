/// One node of a YAML document: a scalar, a sequence or a mapping, with its 1-based line in the parsed text.
///
/// Scalars are text: nothing is typed here (callers type plain scalars as they need, quoted ones are always text).
/// Tags are not kept. Aliases, when the parser resolves them, are replaced by a copy of the anchored node.
public enum YAMLNode: Sendable, Equatable {
    case scalar(Scalar)
    case sequence(Sequence)
    case mapping(Mapping)

    /// How a scalar was written.
    public enum ScalarStyle: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public struct Scalar: Sendable, Equatable {
        /// The text after unescaping and folding.
        public var text: String
        public var style: ScalarStyle
        /// The line of the scalar's first character (for a block scalar, of its `|` or `>` indicator).
        public var line: Int

        public init(text: String, style: ScalarStyle = .plain, line: Int = 1) {
            self.text = text
            self.style = style
            self.line = line
        }
    }

    public struct Sequence: Sendable, Equatable {
        public var items: [YAMLNode]
        /// The line of the first `-` or of `[`.
        public var line: Int

        public init(items: [YAMLNode], line: Int = 1) {
            self.items = items
            self.line = line
        }
    }

    public struct Mapping: Sendable, Equatable {
        public struct Pair: Sendable, Equatable {
            public var key: YAMLNode
            public var value: YAMLNode

            public init(key: YAMLNode, value: YAMLNode) {
                self.key = key
                self.value = value
            }
        }

        /// In document order.
        public var pairs: [Pair]
        /// The line of the first key or of `{`.
        public var line: Int

        public init(pairs: [Pair], line: Int = 1) {
            self.pairs = pairs
            self.line = line
        }

        /// The value of the first key whose scalar text is `key` (keys are compared as text, whatever their style).
        public subscript(key: String) -> YAMLNode? {
            pairs.first { $0.key.text == key }?.value
        }
    }

    /// 1-based.
    public var line: Int {
        switch self {
        case .scalar(let scalar): scalar.line
        case .sequence(let sequence): sequence.line
        case .mapping(let mapping): mapping.line
        }
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// A scalar's text; nil for a sequence or a mapping.
    public var text: String? { scalar?.text }

    /// A sequence's items.
    public var items: [YAMLNode]? {
        if case .sequence(let sequence) = self { return sequence.items }
        return nil
    }

    public var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// A mapping's value for the scalar key `key`; nil when absent or when this is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?[key]
    }

    /// A plain scalar spelled as YAML's null: `null`, `Null`, `NULL`, `~` or nothing. Quoted scalars are never null.
    public var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain else { return false }
        switch scalar.text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

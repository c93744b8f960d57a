/// One node of a YAML document: a scalar, a sequence or a mapping, with its 1-based line in the parsed text.
///
/// Scalars are text: nothing is typed here (callers type plain scalars as they need, quoted ones are always text).
/// Tags are not kept. Aliases, when the parser resolves them, are replaced by a copy of the anchored node.
package enum YAMLNode: Sendable, Equatable {
    case scalar(Scalar)
    case sequence(Sequence)
    case mapping(Mapping)

    /// How a scalar was written.
    package enum ScalarStyle: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    package struct Scalar: Sendable, Equatable {
        /// The text after unescaping and folding.
        package var text: String
        package var style: ScalarStyle
        /// The line of the scalar's first character (for a block scalar, of its `|` or `>` indicator).
        package var line: Int

        package init(text: String, style: ScalarStyle = .plain, line: Int = 1) {
            self.text = text
            self.style = style
            self.line = line
        }
    }

    package struct Sequence: Sendable, Equatable {
        package var items: [YAMLNode]
        /// The line of the first `-` or of `[`.
        package var line: Int

        package init(items: [YAMLNode], line: Int = 1) {
            self.items = items
            self.line = line
        }
    }

    package struct Mapping: Sendable, Equatable {
        package struct Pair: Sendable, Equatable {
            package var key: YAMLNode
            package var value: YAMLNode

            package init(key: YAMLNode, value: YAMLNode) {
                self.key = key
                self.value = value
            }
        }

        /// In document order.
        package var pairs: [Pair]
        /// The line of the first key or of `{`.
        package var line: Int

        package init(pairs: [Pair], line: Int = 1) {
            self.pairs = pairs
            self.line = line
        }

        /// The value of the first key whose scalar text is `key` (keys are compared as text, whatever their style).
        package subscript(key: String) -> YAMLNode? {
            pairs.first { $0.key.text == key }?.value
        }
    }

    /// 1-based.
    package var line: Int {
        switch self {
        case .scalar(let scalar): scalar.line
        case .sequence(let sequence): sequence.line
        case .mapping(let mapping): mapping.line
        }
    }

    package var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// A scalar's text; nil for a sequence or a mapping.
    package var text: String? { scalar?.text }

    /// A sequence's items.
    package var items: [YAMLNode]? {
        if case .sequence(let sequence) = self { return sequence.items }
        return nil
    }

    package var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// A mapping's value for the scalar key `key`; nil when absent or when this is not a mapping.
    package subscript(key: String) -> YAMLNode? {
        mapping?[key]
    }

    /// A plain scalar spelled as YAML's null: `null`, `Null`, `NULL`, `~` or nothing. Quoted scalars are never null.
    package var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain else { return false }
        switch scalar.text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

import YAMLNodes

/// The entries of a YAML mapping by key text, keeping each key's node for its line.
struct MappingFields {
    struct Entry {
        let key: YAMLNode
        let value: YAMLNode
        /// The key's line in the text that was parsed.
        var line: Int { key.line }
    }

    /// Entries with string keys, in document order.
    let entries: [(name: String, entry: Entry)]

    init(_ mapping: YAMLNode.Mapping) {
        entries = mapping.pairs.compactMap { pair in pair.key.text.map { ($0, Entry(key: pair.key, value: pair.value)) }
        }
    }

    subscript(name: String) -> Entry? {
        entries.first { $0.name == name }?.entry
    }

    /// The value of a field that is present and not null.
    subscript(nonNull name: String) -> YAMLNode? {
        guard let value = self[name]?.value, !YAMLScalar.isNull(value) else { return nil }
        return value
    }

    /// The text of a scalar field; nil when absent, null or not a scalar.
    func string(_ name: String) -> String? {
        guard let value = self[name]?.value, case .scalar(let scalar) = value, !YAMLScalar.isNull(value) else {
            return nil
        }
        return scalar.text
    }
}

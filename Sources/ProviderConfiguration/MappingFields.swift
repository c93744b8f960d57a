import Yams

/// The entries of a YAML mapping by key text, keeping each key's node for its line.
struct MappingFields {
    struct Entry {
        let key: Node
        let value: Node
        /// The key's line in the text that was parsed.
        var line: Int { key.mark?.line ?? 1 }
    }

    /// Entries with string keys, in document order.
    let entries: [(name: String, entry: Entry)]

    init(_ mapping: Node.Mapping) {
        entries = mapping.compactMap { key, value in key.string.map { ($0, Entry(key: key, value: value)) } }
    }

    subscript(name: String) -> Entry? {
        entries.first { $0.name == name }?.entry
    }

    /// The value of a field that is present and not null.
    subscript(nonNull name: String) -> Node? {
        guard let value = self[name]?.value, !YAMLScalar.isNull(value) else { return nil }
        return value
    }

    /// The text of a scalar field; nil when absent, null or not a scalar.
    func string(_ name: String) -> String? {
        guard let value = self[name]?.value, case .scalar(let scalar) = value, !YAMLScalar.isNull(value) else { return nil }
        return scalar.string
    }
}

/// A dictionary that keeps at most `capacity` entries, dropping the least recently used first. Reads through
/// `value(for:)` count as use. Linear in the entry count per use: sized for caches of a few thousand entries.
public struct LRUCache<Key: Hashable, Value> {
    private var entries: [Key: Value] = [:]
    /// Keys from least to most recently used.
    private var recency: [Key] = []
    public let capacity: Int

    /// `capacity` <= 0 keeps nothing.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value for `key`, marking it most recently used.
    public mutating func value(for key: Key) -> Value? {
        guard let value = entries[key] else { return nil }
        touch(key)
        return value
    }

    /// The value for `key`, without marking it used.
    public func peek(_ key: Key) -> Value? {
        entries[key]
    }

    /// Stores `value` as the most recently used; returns what fell out beyond the capacity (to close, for example).
    @discardableResult
    public mutating func set(_ value: Value, for key: Key) -> [Value] {
        guard capacity > 0 else { return [value] }
        entries[key] = value
        touch(key)
        var evicted: [Value] = []
        while recency.count > capacity, let oldest = entries.removeValue(forKey: recency.removeFirst()) {
            evicted.append(oldest)
        }
        return evicted
    }

    /// Forgets `key`.
    public mutating func remove(_ key: Key) {
        guard entries.removeValue(forKey: key) != nil else { return }
        recency.removeAll { $0 == key }
    }

    /// Forgets every entry `shouldRemove` accepts.
    public mutating func removeAll(where shouldRemove: (Key, Value) -> Bool) {
        for (key, value) in entries where shouldRemove(key, value) { remove(key) }
    }

    /// Forgets everything; returns what was held.
    public mutating func removeAll() -> [Value] {
        defer {
            entries = [:]
            recency = []
        }
        return Array(entries.values)
    }

    public var count: Int { entries.count }

    /// The keys, from least to most recently used.
    public var keys: [Key] { recency }

    private mutating func touch(_ key: Key) {
        recency.removeAll { $0 == key }
        recency.append(key)
    }
}

extension LRUCache: Sendable where Key: Sendable, Value: Sendable {}

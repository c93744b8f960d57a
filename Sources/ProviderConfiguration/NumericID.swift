/// A numeric user or group id (`fileOwner`, `fileGroup`): decimal, 0 to 2^32 - 2 (-1 means "unchanged" to chown).
public enum NumericID {
    /// The id, or nil when `text` is not such a number.
    public static func parse(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 10, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
            value < 4_294_967_295
        else { return nil }
        return value
    }
}

extension Optional where Wrapped == String {
    /// nil for nil or "".
    public var nonEmpty: String? {
        switch self {
        case .some(let value) where !value.isEmpty: return value
        default: return nil
        }
    }
}

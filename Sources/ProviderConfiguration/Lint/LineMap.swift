import YAMLNodes

/// Maps lines of a scalar's content (a YAML document inside a string, such as `objects` or a `template`) to lines of
/// the file. Exact for literal block scalars (`|`), whose content starts on the line after the indicator; any other
/// scalar is reported at its key's line, since folding and escapes move lines.
struct LineMap: Sendable, Equatable {
    /// The file line of content line 1.
    let firstLine: Int
    /// False when every content line maps to `firstLine`.
    let exact: Bool

    /// The file itself.
    static let identity = LineMap(firstLine: 1, exact: true)

    /// The file line of `line` (1-based) in the content; nil or out of range gives the first line.
    func fileLine(_ line: Int?) -> Int {
        guard exact, let line, line >= 1 else { return firstLine }
        return firstLine + line - 1
    }

    /// The map for `value`'s content, `value` being a scalar of this map's content whose key is on `keyLine`.
    func content(of value: YAMLNode, keyLine: Int) -> LineMap {
        if case .scalar(let scalar) = value, scalar.style == .literal {
            return LineMap(firstLine: fileLine(scalar.line + 1), exact: exact)
        }
        return LineMap(firstLine: fileLine(keyLine), exact: false)
    }
}

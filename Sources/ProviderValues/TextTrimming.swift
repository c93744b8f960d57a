/// Trimming as Foundation's `CharacterSet.whitespacesAndNewlines` and `.whitespaces` trim, without Foundation:
/// Unicode white space at either end (Go's `strings.TrimSpace` trims the same set).
extension StringProtocol {
    /// The text without white space or newlines at either end.
    public func trimmingWhitespace() -> String {
        trimming { $0.isWhitespace }
    }

    /// The text without spaces and tabs at either end; newlines stay.
    public func trimmingSpaces() -> String {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    private func trimming(_ isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// What one rendering may produce and do: output bytes (exact: every byte of the output comes from a text, a value
/// or an indentation, each charged here) and work (one unit per node rendered, so passes over bodies that print
/// nothing are bounded too). Once either is spent, rendering stops and nothing more is produced.
final class RenderMeter {
    private let outputLimit: Int
    private let workLimit: Int
    private var output = 0
    private var work = 0
    private(set) var isSpent = false

    init(outputLimit: Int, workLimit: Int) {
        self.outputLimit = outputLimit
        self.workLimit = workLimit
    }

    /// `text` when the output has room for it, else "" (and the meter is spent).
    func emit(_ text: String) -> String {
        guard !isSpent else { return "" }
        output += text.utf8.count
        if output > outputLimit { isSpent = true }
        return isSpent ? "" : text
    }

    /// Counts one node; false once the work is spent.
    func step() -> Bool {
        guard !isSpent else { return false }
        work += 1
        if work > workLimit { isSpent = true }
        return !isSpent
    }
}

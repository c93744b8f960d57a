import Foundation

/// The command line as it could be typed again, with `BAO_BIN` when it was set.
enum CommandLineText {
    /// Shell-quoted `arguments`, prefixed with `BAO_BIN=...` from the environment.
    static func render(arguments: [String]) -> String {
        var words = arguments.map(quote)
        if let bao = ProcessInfo.processInfo.environment["BAO_BIN"], !bao.isEmpty {
            words.insert("BAO_BIN=\(quote(bao))", at: 0)
        }
        return words.joined(separator: " ")
    }

    private static func quote(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

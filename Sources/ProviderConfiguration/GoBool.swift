/// Go's `strconv.ParseBool` set, used for flags and boolean parameters.
public enum GoBool {
    /// The boolean `text` spells, or nil.
    public static func parse(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }
}

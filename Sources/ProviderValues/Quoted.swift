/// Renders user input in messages, quoted and shortened so a pasted secret cannot flood an event.
public struct Quoted: CustomStringConvertible {
    let value: String
    public init(_ value: String) { self.value = value }
    public var description: String {
        let short = value.count > 64 ? String(value.prefix(64)) + "..." : value
        return "\"" + short.replacing("\"", with: "\\\"") + "\""
    }
}

import FoundationEssentials

/// The file of an object with an empty `secretKey`: Vault's response as sent, minus its top-level `request_id`,
/// which changes on every read and would make an unchanged secret look rotated.
enum WholeResponse {
    /// `body` with the top-level `"request_id"` member (and one separating comma) cut out; every other byte kept.
    /// A body that is not a JSON object, or has no such member, comes back unchanged.
    static func withoutRequestID(_ body: Data) -> Data {
        let bytes = [UInt8](body)
        guard let members = TopLevelMembers.scan(bytes),
            let index = members.firstIndex(where: {
                bytes[$0.keyStart + 1..<$0.keyEnd - 1].elementsEqual("request_id".utf8)
            })
        else { return body }
        let cut: Range<Int>
        if index + 1 < members.count {
            cut = members[index].keyStart..<members[index + 1].keyStart
        } else if index > 0 {
            cut = members[index - 1].valueEnd..<members[index].valueEnd
        } else {
            cut = members[index].keyStart..<members[index].valueEnd
        }
        var kept = bytes
        kept.removeSubrange(cut)
        return Data(kept)
    }
}

/// Where each member of a top-level JSON object sits in its bytes.
private enum TopLevelMembers {
    struct Member {
        /// The key's opening quote.
        let keyStart: Int
        /// Just past the key's closing quote.
        let keyEnd: Int
        /// Just past the value.
        let valueEnd: Int
    }

    /// The members in order, or nil when `bytes` is not one JSON object.
    static func scan(_ bytes: [UInt8]) -> [Member]? {
        var position = skipSpace(bytes, 0)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return nil }
        position = skipSpace(bytes, position + 1)
        var members: [Member] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { return members }
        while true {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let keyEnd = stringEnd(bytes, position)
            else { return nil }
            var cursor = skipSpace(bytes, keyEnd)
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
            cursor = skipSpace(bytes, cursor + 1)
            guard let valueEnd = valueEnd(bytes, cursor) else { return nil }
            members.append(Member(keyStart: position, keyEnd: keyEnd, valueEnd: valueEnd))
            cursor = skipSpace(bytes, valueEnd)
            guard cursor < bytes.count else { return nil }
            if bytes[cursor] == UInt8(ascii: "}") { return members }
            guard bytes[cursor] == UInt8(ascii: ",") else { return nil }
            position = skipSpace(bytes, cursor + 1)
        }
    }

    private static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var position = start
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        return position
    }

    /// Just past the string that opens at `start`.
    private static func stringEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        var position = start + 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""): return position + 1
            default: position += 1
            }
        }
        return nil
    }

    /// Just past the value that starts at `start`: a string, a nested object or array, or a literal.
    private static func valueEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard let end = stringEnd(bytes, position) else { return nil }
                    position = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default: break
                }
                position += 1
            }
            return nil
        default:
            var position = start
            while position < bytes.count,
                ![UInt8(ascii: ","), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[position])
            {
                position += 1
            }
            return position > start ? position : nil
        }
    }
}

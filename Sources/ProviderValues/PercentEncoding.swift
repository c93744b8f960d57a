/// Text made safe inside a URL: every byte but ASCII letters, digits and the marks kept as `%XX` (upper-case hex).
public enum PercentEncoding {
    /// RFC 3986's unreserved marks: `-`, `.`, `_`, `~`.
    public static let unreservedMarks: Set<UInt8> = [
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
    ]

    /// `text` with every byte but ASCII letters, digits and `marks` percent-encoded.
    public static func encode(_ text: String, keeping marks: Set<UInt8> = []) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                encoded.append(Character(Unicode.Scalar(byte)))
            case _ where marks.contains(byte):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}

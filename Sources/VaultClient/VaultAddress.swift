/// Vault addresses that are not plain URLs: `unix:///path/to/socket`.
package enum VaultAddress {
    /// The socket path of a `unix://` address, or nil for any other address.
    package static func unixSocketPath(_ address: String) -> String? {
        guard address.lowercased().hasPrefix("unix://") else { return nil }
        let path = String(address.dropFirst("unix://".count))
        return path.isEmpty ? nil : path
    }

    /// `path` with everything but unreserved characters percent-encoded, as a URL host: `/` becomes `%2F`.
    static func percentEncoded(_ path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}

/// Validates the names that become URL path segments, so that a name can never change the request's path.
enum KubernetesName {
    /// Returns `value` when it is a DNS-1123 subdomain: lowercase letters, digits, `-` and `.`, starting and ending
    /// alphanumeric, at most 253 characters.
    static func validated(_ value: String, as what: String) throws -> String {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let bytes = Array(value.utf8)
        let valid =
            !bytes.isEmpty && bytes.count <= 253 && isAlphanumeric(bytes.first!) && isAlphanumeric(bytes.last!)
            && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        guard valid else {
            throw KubernetesError.invalidConfiguration(
                "\(what) \"\(value)\" is not a valid Kubernetes name: use lowercase letters, digits, '-' and '.', "
                    + "starting and ending with a letter or digit, at most 253 characters")
        }
        return value
    }
}

/// A Vault client token from a login; its value is never printed.
public struct VaultToken: Sendable, CustomStringConvertible {
    /// The token itself: send it, never log it.
    public let clientToken: String
    /// Seconds the token lives.
    public let leaseDuration: Int
    /// Whether the token can be renewed.
    public let renewable: Bool

    public init(clientToken: String, leaseDuration: Int, renewable: Bool) {
        self.clientToken = clientToken
        self.leaseDuration = leaseDuration
        self.renewable = renewable
    }

    public var description: String {
        "VaultToken(lease: \(leaseDuration)s, renewable: \(renewable))"
    }
}

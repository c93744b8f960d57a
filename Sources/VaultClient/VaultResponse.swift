import FoundationEssentials

/// Vault's answer to a request: status and body bytes.
public struct VaultResponse: Sendable {
    public let status: Int
    public let body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

import FoundationEssentials

/// Vault's answer to a request: status and body bytes.
package struct VaultResponse: Sendable {
    package let status: Int
    package let body: Data

    package init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

import FoundationEssentials

/// Vault's answer to a request: status and body bytes.
package struct VaultResponse: Sendable {
    package let status: Int
    package let body: Data
    /// The address a token in this answer is bound to: the one that answered, when the client's addresses do not
    /// share tokens (`-vault-addresses-share-tokens=false`); nil when any of them may receive it.
    package let tokenAddress: String?

    package init(status: Int, body: Data, tokenAddress: String? = nil) {
        self.status = status
        self.body = body
        self.tokenAddress = tokenAddress
    }
}

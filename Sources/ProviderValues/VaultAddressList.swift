/// A Vault address setting (`vaultAddress`, `-vault-addr`, `VAULT_ADDR` and their twins), which may list several
/// addresses of one cluster, comma-separated: `https://vault-0:8200, https://vault-1:8200`. Each element is trimmed
/// and empty elements are dropped, so a single address reads as before.
public struct VaultAddressList: Sendable, Hashable, CustomStringConvertible {
    /// The addresses in the order written; never empty.
    public let addresses: [String]

    /// The list `text` gives; nil when it holds no address (empty, or only commas and spaces).
    public init?(_ text: String) {
        let addresses = text.split(separator: ",", omittingEmptySubsequences: true).map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        guard !addresses.isEmpty else { return nil }
        self.addresses = addresses
    }

    /// The list written back, comma-separated without spaces: one form for cache keys and clients.
    public var description: String { addresses.joined(separator: ",") }

    /// Whether it lists more than one address.
    public var isFailover: Bool { addresses.count > 1 }
}

import ProviderConfiguration
import ProviderValues

/// Where a class may send its pods' identity (`-allowed-vault-addresses`, `-allowed-audiences`). Write access to a
/// SecretProviderClass otherwise decides both: every pod that mounts it posts its service-account JWT, with the
/// class's audience, to the class's `vaultAddress`. Both lists are opt-in; the operator's own settings (flags,
/// environment, `-default-audience`) are not checked.
struct ClassDestinations: Sendable {
    /// URL prefixes a class's `vaultAddress` must start with; nil: any.
    let addresses: [String]?
    /// Audiences a class's `audience` must be one of; nil: any.
    let audiences: [String]?

    /// Throws PERMISSION_DENIED naming the flag when the class sets an address or audience outside the lists.
    func check(_ configuration: MountConfiguration) throws {
        // Every address of a list must be allowed: a failover would send the pod's identity to any of them.
        if let addresses, let list = configuration.vault.address.flatMap(VaultAddressList.init),
            let address = list.addresses.first(where: { address in
                !addresses.contains(where: { Self.address(address, startsWith: $0) })
            })
        {
            throw MountError(
                .permissionDenied,
                "vaultAddress \(Quoted(address)) is not allowed by -allowed-vault-addresses "
                    + """
                    (\(addresses.joined(separator: ", "))): the pod's identity goes only to the Vault addresses \
                    the provider allows
                    """
            )
        }
        if let audiences, configuration.audienceIsExplicit, !audiences.contains(configuration.audience) {
            throw MountError(
                .permissionDenied,
                "audience \(Quoted(configuration.audience)) is not allowed by -allowed-audiences "
                    + "(\(audiences.joined(separator: ", ")))")
        }
    }

    /// Whether `address` is `prefix` or continues it at a boundary (`/`, `:`, `?`), so that `https://vault.example.com`
    /// allows `https://vault.example.com:8200/` but not `https://vault.example.com.evil.io` or `...com@evil.io`.
    /// Scheme and host compare without case.
    static func address(_ address: String, startsWith prefix: String) -> Bool {
        let address = address.lowercased()
        let prefix = prefix.lowercased()
        guard !prefix.isEmpty, address.hasPrefix(prefix) else { return false }
        guard let next = address.dropFirst(prefix.count).first else { return true }
        return prefix.hasSuffix("/") || next == "/" || next == ":" || next == "?"
    }
}

extension ProviderSettings {
    /// A comma-separated allow-list flag's value: nil when empty (allow any).
    package static func list(_ flag: String) -> [String]? {
        let items = flag.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items
    }
}

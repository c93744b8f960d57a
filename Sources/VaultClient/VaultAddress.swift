import ProviderValues

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
        PercentEncoding.encode(path, keeping: PercentEncoding.unreservedMarks)
    }
}

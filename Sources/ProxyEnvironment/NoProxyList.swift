/// `NO_PROXY`, matched as Go's httpproxy matches it: `*`; CIDRs; IPs, with an optional port; `foo.com` (itself and
/// its subdomains); `.foo.com` or `*.foo.com` (subdomains only); a domain with `:port` for that port only.
/// Domain entries never match an IP address.
package struct NoProxyList: Sendable, Hashable {
    enum Entry: Sendable, Hashable {
        case everything
        case network([UInt8], prefix: Int)
        case address([UInt8], port: Int?)
        /// `suffix` starts with a dot; `matchesBareDomain` when the entry had no leading dot.
        case domain(suffix: String, matchesBareDomain: Bool, port: Int?)
    }

    let entries: [Entry]

    /// Parses the comma-separated list; entries that mean nothing are skipped, as Go skips them.
    package init(_ text: String) {
        entries = text.split(separator: ",").compactMap {
            NoProxyList.entry(String($0).trimmingWhitespace().lowercased())
        }
    }

    /// True when a request to `host` (a name or an IP literal, without brackets) on `port` goes direct.
    package func bypasses(host: String, port: Int) -> Bool {
        let host = host.lowercased()
        let ip = IPAddressBytes.parse(host)
        for entry in entries {
            switch entry {
            case .everything:
                return true
            case .network(let network, let prefix):
                if let ip, IPAddressBytes.matches(ip, network: network, prefix: prefix) { return true }
            case .address(let address, let entryPort):
                if ip == address, entryPort == nil || entryPort == port { return true }
            case .domain(let suffix, let matchesBareDomain, let entryPort):
                guard ip == nil, entryPort == nil || entryPort == port else { continue }
                if host.hasSuffix(suffix) || (matchesBareDomain && host == suffix.dropFirst()) { return true }
            }
        }
        return false
    }

    private static func entry(_ text: String) -> Entry? {
        if text.isEmpty { return nil }
        if text == "*" { return .everything }
        if let slash = text.firstIndex(of: "/") {
            guard let network = IPAddressBytes.parse(String(text[..<slash])),
                let prefix = Int(text[text.index(after: slash)...]), (0...network.count * 8).contains(prefix)
            else { return nil }
            return .network(network, prefix: prefix)
        }
        if let address = IPAddressBytes.parse(text) { return .address(address, port: nil) }
        guard let (host, portText) = HostAndPort.split(text), !host.isEmpty else { return nil }
        let port = portText.flatMap { Int($0) }
        if portText != nil, port == nil { return nil }
        if let address = IPAddressBytes.parse(host) { return .address(address, port: port) }
        var name = host
        if name.hasPrefix("*.") { name.removeFirst() }
        if name.hasPrefix(".") { return .domain(suffix: name, matchesBareDomain: false, port: port) }
        return .domain(suffix: "." + name, matchesBareDomain: true, port: port)
    }
}

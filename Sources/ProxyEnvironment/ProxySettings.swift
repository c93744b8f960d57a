/// The proxy variables as Go's `http.ProxyFromEnvironment` reads them: `HTTPS_PROXY` for https requests,
/// `HTTP_PROXY` for http ones, `NO_PROXY` for exceptions; upper case first, then lower case; empty means unset.
/// `localhost` and loopback addresses never go through a proxy.
package struct ProxySettings: Sendable, Hashable {
    package let httpProxy: ProxyAddress?
    package let httpsProxy: ProxyAddress?
    package let noProxy: NoProxyList

    /// No proxy at all.
    package init() {
        httpProxy = nil
        httpsProxy = nil
        noProxy = NoProxyList("")
    }

    /// Reads the variables from `environment`; a proxy URL that cannot be used throws `ProxyError`.
    package init(environment: [String: String]) throws {
        func value(_ name: String) -> (name: String, value: String)? {
            for candidate in [name, name.lowercased()] {
                if let text = environment[candidate], !text.isEmpty { return (candidate, text) }
            }
            return nil
        }
        // Under CGI, HTTP_PROXY may come from a request's Proxy header (httpoxy): Go ignores it, and so do we.
        let isCGI = !(environment["REQUEST_METHOD"] ?? "").isEmpty
        httpProxy = try (isCGI ? nil : value("HTTP_PROXY")).map {
            try ProxyAddress(parsing: $0.value, variable: $0.name)
        }
        httpsProxy = try value("HTTPS_PROXY").map { try ProxyAddress(parsing: $0.value, variable: $0.name) }
        noProxy = NoProxyList(value("NO_PROXY")?.value ?? "")
    }

    /// The proxy for a request with this scheme to `host:port`, or nil to go direct.
    package func proxy(scheme: String, host: String, port: Int) -> ProxyAddress? {
        let proxy: ProxyAddress?
        switch scheme.lowercased() {
        case "https": proxy = httpsProxy
        case "http": proxy = httpProxy
        default: return nil
        }
        guard let proxy, !ProxySettings.isLoopback(host), !noProxy.bypasses(host: host, port: port) else { return nil }
        return proxy
    }

    /// `localhost` or a loopback IP literal.
    package static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" { return true }
        return IPAddressBytes.parse(host).map(IPAddressBytes.isLoopback) ?? false
    }
}

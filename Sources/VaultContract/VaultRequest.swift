/// One HTTP request to Vault's API, identified by everything that makes its answer differ.
package struct VaultRequest: Sendable, Hashable, CustomStringConvertible {
    /// Upper-case HTTP method.
    package var method: String
    /// Absolute API path, always starting with `/v1/`.
    package var path: String
    /// The raw query string without `?`, when there is one.
    package var query: String?
    /// The JSON body, when there is one.
    package var body: String?
    /// The path as logs and errors show it, when the real one holds a credential (a userpass login's username).
    package var shownPath: String?
    /// When set, the one address of the client's list this request may go to: its token is bound to the address
    /// that issued it (`VaultToken.boundAddress`). Never part of a read's identity.
    package var onlyAddress: String?

    package init(method: String, path: String, query: String? = nil, body: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    /// Normalises a `secretPath` as the reference does: `secret/foo`, `/secret/foo`, `v1/secret/foo` and
    /// `/v1/secret/foo` are the same, and a `?query` part is sent as query parameters.
    package init(method: String, secretPath: String, body: String? = nil) {
        var pathPart = Substring(secretPath)
        var query: String?
        if let mark = pathPart.firstIndex(of: "?") {
            let rawQuery = pathPart[pathPart.index(after: mark)...]
            query = rawQuery.isEmpty ? nil : String(rawQuery)
            pathPart = pathPart[..<mark]
        }
        pathPart = pathPart.drop(while: { $0 == "/" })
        if pathPart.hasPrefix("v1/") { pathPart = pathPart.dropFirst(3) }
        self.init(method: method, path: "/v1/" + pathPart, query: query, body: body)
    }

    /// `METHOD /v1/path?query`: safe to log and show, never containing the body or a credential in the path.
    package var description: String {
        "\(method) \(shownPathAndQuery)"
    }

    /// The path as shown, with its query.
    package var shownPathAndQuery: String {
        let shown = shownPath ?? path
        return query.map { "\(shown)?\($0)" } ?? shown
    }

    /// The path with its query.
    package var pathAndQuery: String {
        query.map { "\(path)?\($0)" } ?? path
    }
}

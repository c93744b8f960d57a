/// A `-health-addr` value in Go's `host:port` form: `:8080` (every interface), `127.0.0.1:8080`, `[::1]:8080`.
package struct HealthAddress: Sendable, Equatable, CustomStringConvertible {
    package let host: String
    package let port: Int

    /// Parses `text`; nil when it is not `host:port` with a port from 0 to 65535.
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.contains(" ") else { return nil }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A proxy named by an environment variable: `http://[user:password@]host:port` or `socks5://host:port`.
package struct ProxyAddress: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
        /// An HTTP proxy, spoken to with CONNECT.
        case http
        /// A SOCKS5 proxy.
        case socks5
    }

    package let kind: Kind
    package let host: String
    package let port: Int
    /// Basic credentials for an HTTP proxy, from the URL's user information.
    package let username: String?
    package let password: String?

    /// Parses a proxy URL as Go's httpproxy does: without a scheme, `http://` is assumed. `https://` proxies are
    /// refused, since the client cannot speak TLS to a proxy. `variable` names the source in errors.
    package init(parsing text: String, variable: String) throws {
        var rest = Substring(text.trimmingWhitespace())
        var scheme = "http"
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        }
        switch scheme {
        case "http": kind = .http
        case "socks5", "socks5h": kind = .socks5
        case "https":
            throw ProxyError(
                variable: variable, value: text, problem: "https:// proxies are not supported; use http:// or socks5://"
            )
        default:
            throw ProxyError(
                variable: variable, value: text, problem: "unknown proxy scheme \"\(scheme)\"; use http:// or socks5://"
            )
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") {
            let user = rest[..<at]
            if let colon = user.firstIndex(of: ":") {
                username = String(user[..<colon]).removingPercentEncodingLossily()
                password = String(user[user.index(after: colon)...]).removingPercentEncodingLossily()
            } else {
                username = String(user).removingPercentEncodingLossily()
                password = nil
            }
            rest = rest[rest.index(after: at)...]
        } else {
            username = nil
            password = nil
        }
        guard let (host, port) = HostAndPort.split(String(rest)), !host.isEmpty else {
            throw ProxyError(variable: variable, value: text, problem: "no proxy host")
        }
        self.host = host
        switch port {
        case .some(let portText):
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw ProxyError(variable: variable, value: text, problem: "the port is not a number from 1 to 65535")
            }
            self.port = number
        case nil:
            self.port = kind == .http ? 80 : 1080
        }
    }

    /// The proxy without its credentials, for logs.
    package var description: String { "\(kind.rawValue)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

/// A proxy variable that cannot be used; the value is shown without its credentials.
package struct ProxyError: Error, CustomStringConvertible, Sendable {
    package let variable: String
    package let value: String
    package let problem: String

    package var description: String {
        var shown = value
        if let scheme = shown.firstRange(of: "://"), let at = shown[scheme.upperBound...].firstIndex(of: "@") {
            shown.replaceSubrange(scheme.upperBound..<shown.index(after: at), with: "***@")
        }
        return "\(variable)=\"\(shown)\": \(problem)"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Percent-decoding of URL user information; invalid sequences stay as they are.
    func removingPercentEncodingLossily() -> String {
        var bytes: [UInt8] = []
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                let low = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), low < utf8.endIndex,
                let value = UInt8(String(decoding: [utf8[high], utf8[low]], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `host[:port]` and `[v6]:port` split apart; the host is lower-cased and without brackets.
enum HostAndPort {
    static func split(_ text: String) -> (host: String, port: String?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (host.lowercased(), nil) }
            guard after.hasPrefix(":") else { return nil }
            return (host.lowercased(), String(after.dropFirst()))
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            return (String(text[..<colon]).lowercased(), String(text[text.index(after: colon)...]))
        }
        return (text.lowercased(), nil)
    }
}

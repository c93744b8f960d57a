import AsyncHTTPClient
import ProxyEnvironment

extension ProxyAddress {
    /// AsyncHTTPClient's form of this proxy: CONNECT through an HTTP proxy (with basic credentials if the URL had
    /// them), or SOCKS5.
    package var asyncHTTPClientProxy: HTTPClient.Configuration.Proxy {
        switch kind {
        case .socks5:
            return .socksServer(host: host, port: port)
        case .http:
            return .server(
                host: host, port: port, authorization: username.map { .basic(username: $0, password: password ?? "") })
        }
    }
}

import AsyncHTTPClient
import NIOSSL
import ProxyEnvironment

/// The AsyncHTTPClient clients of the provider (to Vault and to the Kubernetes API), built to the same rules.
package enum HTTPClientFactory {
    /// No redirects, and no retrying a refused connection until the deadline (the callers decide about retries);
    /// TLS and a proxy when given.
    package static func configuration(tls: TLSConfiguration?, proxy: ProxyAddress?) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.proxy = proxy?.asyncHTTPClientProxy
        return configuration
    }

    /// A client on the shared event loop group; the caller shuts it down.
    package static func client(_ configuration: HTTPClient.Configuration) -> HTTPClient {
        HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}

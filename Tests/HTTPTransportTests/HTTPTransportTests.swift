import AsyncHTTPClient
import HTTPTransport
import NIOCore
import NIOSSL
import ProxyEnvironment
import Testing

/// The rules both HTTP clients (Vault's and the Kubernetes API's) are built with, and their failure classes.
@Suite struct HTTPTransportTests {
    struct Refused: Error {}

    @Test func failuresFallIntoTheirClasses() {
        #expect(HTTPFailure(CancellationError()) == .cancelled)
        #expect(HTTPFailure(HTTPClientError.cancelled) == .cancelled)
        #expect(HTTPFailure(HTTPClientError.deadlineExceeded) == .deadlineExceeded)
        #expect(HTTPFailure(NIOTooManyBytesError(maxBytes: 8)) == .tooLarge)
        #expect(HTTPFailure(NIOSSLError.handshakeFailed(.sslError([]))) == .tls)
        #expect(HTTPFailure(HTTPClientError.remoteConnectionClosed) == .unreachable)
        #expect(HTTPFailure(Refused()) == .unreachable)
    }

    @Test func clientsFollowNoRedirectAndLeaveRetriesToTheCaller() throws {
        let direct = HTTPClientFactory.configuration(tls: nil, proxy: nil)
        #expect(direct.proxy == nil && direct.tlsConfiguration == nil)
        #expect(direct.connectionPool.retryConnectionEstablishment == false)
        #expect("\(direct.redirectConfiguration)".contains("disallow"))
        let proxy = try ProxyAddress(parsing: "http://user:secret@proxy.example:3128", variable: "HTTPS_PROXY")
        let proxied = HTTPClientFactory.configuration(tls: .makeClientConfiguration(), proxy: proxy)
        #expect(proxied.proxy?.host == "proxy.example" && proxied.proxy?.port == 3128)
        #expect(proxied.tlsConfiguration != nil)
    }
}

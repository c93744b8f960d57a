import AsyncHTTPClient
import NIOCore
import ProviderValues

/// One-shot HTTP GETs for tests: the provider's health and metrics endpoint.
package enum PlainHTTP {
    /// The status and body (as text) of `GET url`.
    package static func get(_ url: String, timeout: Duration = .seconds(10)) async throws -> (status: Int, body: String)
    {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: url), timeout: .milliseconds(timeout.wholeMilliseconds))
        let body = String(buffer: try await response.body.collect(upTo: 8 << 20))
        LeakWatch.shared.record(body, source: "GET \(url)")
        return (Int(response.status.code), body)
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import ProviderTestSupport

/// Measurement (a): what an application talking to Vault itself would do, one Kubernetes login then each read in turn.
final class DirectVaultClient: Sendable {
    private let http: HTTPClient
    private let address: String
    private let role: String

    /// A client of the Vault at `address` (the proxy) with its own connection pool, kept warm across runs.
    init(address: String, role: String) {
        self.http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: .init())
        self.address = address
        self.role = role
    }

    /// Logs in with `jwt` (`POST /v1/auth/kubernetes/login`), then reads each of `paths` back to back.
    func loginAndRead(jwt: String, paths: [String]) async throws {
        let login = try await send(.POST, "/v1/auth/kubernetes/login", body: Self.json(["role": role, "jwt": jwt]))
        guard let auth = login["auth"] as? [String: Any], let token = auth["client_token"] as? String else {
            throw TestSupportError("the login answer has no auth.client_token")
        }
        for path in paths {
            let answer = try await send(.GET, path, token: token)
            guard let data = answer["data"] as? [String: Any], data["data"] is [String: Any] else {
                throw TestSupportError("GET \(path): no data.data in the answer")
            }
        }
    }

    /// Closes the connection pool.
    func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends one request and returns the decoded JSON answer; throws unless the status is 200.
    private func send(_ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = nil) async throws
        -> [String: Any]
    {
        var request = HTTPClientRequest(url: address + path)
        request.method = method
        if let token { request.headers.add(name: "X-Vault-Token", value: token) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        guard response.status == .ok else {
            throw TestSupportError("\(method) \(path) answered \(response.status.code): \(String(buffer: bytes))")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any]
        else {
            throw TestSupportError("\(method) \(path) answered something other than a JSON object")
        }
        return object
    }

    private static func json(_ object: [String: String]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }
}

import AsyncHTTPClient
import FoundationEssentials
import HTTPTransport
import Logging
import NIOCore
import NIOFoundationEssentialsCompat
import NIOHTTP1
import NIOSSL
import ProviderValues
import ProxyEnvironment

/// The few Kubernetes API calls the provider makes (TokenRequest, get and create Secret), over one HTTP client.
package final class KubernetesAPIClient: Sendable {
    /// The configuration this client was built from.
    package let config: KubernetesConfig
    private let base: String
    private let client: HTTPClient
    private let logger: Logger

    /// The largest answer accepted (a Secret is at most 1 MiB before base64).
    static let maxResponseBytes = 8 << 20

    /// Builds the client and its TLS configuration; call `shutdown()` when done. `proxies` are honoured as
    /// client-go honours them (loopback and `NO_PROXY` go direct).
    package init(config: KubernetesConfig, proxies: ProxySettings = ProxySettings(), logger: Logger) throws {
        guard let url = URL(string: config.server), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw KubernetesError.invalidConfiguration(
                "the Kubernetes API server \"\(config.server)\" is not an http(s) URL")
        }
        let proxy = proxies.proxy(scheme: scheme, host: host, port: url.port ?? (scheme == "https" ? 443 : 80))
        if let proxy { logger.debug("Kubernetes API through a proxy", metadata: ["proxy": "\(proxy)"]) }
        let configuration = HTTPClientFactory.configuration(
            tls: try KubernetesTLS.configuration(for: config), proxy: proxy)
        self.config = config
        self.base = config.server.hasSuffix("/") ? String(config.server.dropLast()) : config.server
        self.logger = logger
        self.client = HTTPClientFactory.client(configuration)
    }

    /// Asks for a token of `serviceAccount` with these audiences, optionally bound to a pod (TokenRequest API).
    package func requestServiceAccountToken(
        namespace: String, serviceAccount: String, audiences: [String],
        expirationSeconds: Int, boundPod: BoundPod?,
        deadline: ContinuousClock.Instant
    ) async throws -> String {
        let path =
            "/api/v1/namespaces/\(try KubernetesName.validated(namespace, as: "namespace"))/serviceaccounts/"
            + "\(try KubernetesName.validated(serviceAccount, as: "service account name"))/token"
        let reference = boundPod.map {
            TokenRequestObject.ObjectReference(kind: "Pod", apiVersion: "v1", name: $0.name, uid: $0.uid)
        }
        let body = TokenRequestObject(
            spec: .init(audiences: audiences, expirationSeconds: expirationSeconds, boundObjectRef: reference))
        let (status, answer) = try await send(.POST, path, body: body, deadline: deadline)
        guard (200...299).contains(status.code) else { throw KubernetesError.from(status: status, body: answer) }
        guard let decoded = try? JSONDecoder().decode(TokenRequestObject.Answer.self, from: Data(answer)),
            let token = decoded.status?.token, !token.isEmpty
        else {
            throw KubernetesError.invalidResponse(
                "the TokenRequest answer for \(namespace)/\(serviceAccount) holds no status.token")
        }
        return token
    }

    /// The decoded `data` of Secret `namespace/name`, or nil when it does not exist.
    package func getSecret(namespace: String, name: String, deadline: ContinuousClock.Instant) async throws -> [String:
        [UInt8]]?
    {
        let path =
            try Self.secretsPath(namespace: namespace) + "/\(try KubernetesName.validated(name, as: "secret name"))"
        let (status, answer) = try await send(.GET, path, body: Optional<SecretObject>.none, deadline: deadline)
        if status == .notFound, KubernetesStatusObject.parse(answer)?.reason == "NotFound" { return nil }
        guard (200...299).contains(status.code) else { throw KubernetesError.from(status: status, body: answer) }
        guard let secret = try? JSONDecoder().decode(SecretObject.self, from: Data(answer)) else {
            throw KubernetesError.invalidResponse("secret \(namespace)/\(name) is not a Secret object")
        }
        var data: [String: [UInt8]] = [:]
        for (key, encoded) in secret.data ?? [:] {
            guard let bytes = Data(base64Encoded: encoded) else {
                throw KubernetesError.invalidResponse(
                    "secret \(namespace)/\(name): data key \"\(key)\" is not valid base64")
            }
            data[key] = Array(bytes)
        }
        return data
    }

    /// Creates Secret `namespace/name` (type Opaque); true if created, false if it already exists.
    package func createSecret(
        namespace: String, name: String, data: [String: [UInt8]], immutable: Bool,
        deadline: ContinuousClock.Instant
    ) async throws -> Bool {
        let path = try Self.secretsPath(namespace: namespace)
        let body = SecretObject(
            apiVersion: "v1", kind: "Secret",
            metadata: .init(name: try KubernetesName.validated(name, as: "secret name"), namespace: namespace),
            type: "Opaque", immutable: immutable, data: data.mapValues { Data($0).base64EncodedString() })
        let (status, answer) = try await send(.POST, path, body: body, deadline: deadline)
        if status == .conflict, KubernetesStatusObject.parse(answer)?.reason == "AlreadyExists" { return false }
        guard (200...299).contains(status.code) else { throw KubernetesError.from(status: status, body: answer) }
        return true
    }

    /// Closes the connections.
    package func shutdown() async {
        try? await client.shutdown()
    }

    // MARK: - Transport

    private static func secretsPath(namespace: String) throws -> String {
        "/api/v1/namespaces/\(try KubernetesName.validated(namespace, as: "namespace"))/secrets"
    }

    /// Sends one request and returns the status and body; transport failures become `KubernetesError.unreachable`.
    private func send<Body: Encodable>(
        _ method: HTTPMethod, _ path: String, body: Body?,
        deadline: ContinuousClock.Instant
    ) async throws -> (HTTPResponseStatus, [UInt8]) {
        try Task.checkCancellation()
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else {
            throw KubernetesError.unreachable(
                "the deadline passed before \(method) \(path) was sent to the Kubernetes API")
        }
        var request = try makeRequest(method, path)
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try encoder.encode(body)))
        }
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(request, deadline: Self.nioDeadline(after: remaining), logger: nil)
            let answer = try await response.body.collect(upTo: Self.maxResponseBytes)
            logger.debug(
                "kubernetes request",
                metadata: [
                    "method": "\(method)", "path": "\(path)", "status": "\(response.status.code)",
                    "duration_ms": "\(started.duration(to: .now).wholeMilliseconds)",
                ])
            return (response.status, Array(buffer: answer))
        } catch {
            throw classify(error, method: method, path: path)
        }
    }

    /// A request to `path` with the client's headers and credentials.
    func makeRequest(_ method: HTTPMethod, _ path: String) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "vault-csi-provider")
        if let token = try config.credentials.bearer?.current() {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        return request
    }

    /// Sends `request` and returns the response with its body unread (a watch's stream).
    func stream(_ request: HTTPClientRequest, timeout: Duration, path: String) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, deadline: Self.nioDeadline(after: timeout), logger: nil)
        } catch {
            throw classify(error, method: request.method, path: path)
        }
    }

    /// `GET path` with the client's rules (deadline, size limit, errors): its status and body.
    func get(_ path: String, deadline: ContinuousClock.Instant) async throws -> (HTTPResponseStatus, [UInt8]) {
        try await send(.GET, path, body: Optional<SecretObject>.none, deadline: deadline)
    }

    func classify(_ error: any Error, method: HTTPMethod, path: String) -> any Error {
        switch HTTPFailure(error) {
        case .cancelled:
            return CancellationError()
        case .deadlineExceeded:
            return KubernetesError.unreachable(
                "the Kubernetes API at \(base) did not answer \(method) \(path) before the deadline")
        case .tooLarge:
            return KubernetesError.invalidResponse(
                "the answer to \(method) \(path) is larger than \(Self.maxResponseBytes) bytes")
        case .tls:
            return KubernetesError.unreachable("TLS connection to the Kubernetes API at \(base) failed: \(error)")
        case .unreachable:
            return KubernetesError.unreachable("cannot reach the Kubernetes API at \(base): \(error)")
        }
    }

    /// The NIO deadline `remaining` from now, capped at a day so the conversion cannot overflow.
    private static func nioDeadline(after remaining: Duration) -> NIODeadline {
        .now() + .nanoseconds(remaining.nanosecondsWithinADay)
    }
}

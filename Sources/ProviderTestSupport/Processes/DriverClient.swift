import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import ProviderAPI

/// Plays the Secrets Store CSI driver: a gRPC client on the provider's Unix socket.
package final class DriverClient: Sendable {
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let connections: Task<Void, any Error>

    /// Connects (lazily) to the socket at `socketPath`.
    package init(socketPath: String) throws {
        let transport = try HTTP2ClientTransport.Posix(
            target: .unixDomainSocket(path: socketPath, authority: "localhost"),
            transportSecurity: .plaintext)
        let client = GRPCClient(transport: transport)
        self.client = client
        self.connections = Task { try await client.runConnections() }
    }

    /// Calls `Version` as the driver's health check does.
    package func version() async throws -> V1alpha1_VersionResponse {
        var request = V1alpha1_VersionRequest()
        request.version = "v1alpha1"
        var options = CallOptions.defaults
        options.timeout = .seconds(5)
        options.waitForReady = true
        return try await V1alpha1_CSIDriverProvider.Client(wrapping: client).version(request, options: options)
    }

    /// Calls `Mount` with the driver's request fields. The leak watch records an error's message and learns the
    /// contents of the files the mount produced, returned or written.
    package func mount(
        attributes: String, secrets: String = "null", targetPath: String, permission: String = "420",
        timeout: Duration = .seconds(30)
    ) async throws -> V1alpha1_MountResponse {
        var request = V1alpha1_MountRequest()
        request.attributes = attributes
        request.secrets = secrets
        request.targetPath = targetPath
        request.permission = permission
        var options = CallOptions.defaults
        options.timeout = timeout
        options.waitForReady = true
        if LeakWatch.shared.isEnabled { Self.registerSecrets(secrets) }
        do {
            let response = try await V1alpha1_CSIDriverProvider.Client(wrapping: client).mount(
                request, options: options)
            if LeakWatch.shared.isEnabled {
                for file in response.files {
                    LeakWatch.shared.registerSecret(
                        String(decoding: file.contents, as: UTF8.self), kind: "mounted file")
                }
                LeakWatch.shared.registerFiles(under: targetPath)
            }
            return response
        } catch let error as RPCError {
            LeakWatch.shared.record(error.message, source: "a Mount error")
            throw error
        }
    }

    /// Every value of the Mount's `secrets` (the nodePublishSecretRef's data, and any tokens the driver put there)
    /// is a secret the provider must never show.
    private static func registerSecrets(_ secrets: String) {
        guard let map = try? JSONSerialization.jsonObject(with: Data(secrets.utf8)) as? [String: Any] else { return }
        for value in map.values.compactMap({ $0 as? String }) {
            LeakWatch.shared.registerSecret(value, kind: "value of the Mount's secrets")
        }
    }

    /// Closes the connection.
    package func close() async {
        client.beginGracefulShutdown()
        _ = await connections.result
    }
}

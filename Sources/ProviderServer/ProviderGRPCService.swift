import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle
import Synchronization

/// Serves the provider's gRPC API on a Unix socket as a lifecycle `Service`.
public struct ProviderGRPCService: Service {
    private let socketPath: String
    private let services: [any RegistrableRPCService]
    private let logger: Logger
    private let onListening: @Sendable () -> Void

    /// `onListening` runs once the socket accepts connections.
    public init(socketPath: String, services: [any RegistrableRPCService], logger: Logger, onListening: @escaping @Sendable () -> Void = {}) {
        self.socketPath = socketPath
        self.services = services
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        try UnixSocketPath.prepare(socketPath)
        let transport = HTTP2ServerTransport.Posix(
            address: .unixDomainSocket(path: socketPath),
            transportSecurity: .plaintext
        )
        let server = GRPCServer(transport: transport, services: services)
        let ownedSocket = SocketIdentity()
        defer {
            // Remove our socket on the way out, unless a newer instance took the path over.
            if let identity = ownedSocket.value.withLock({ $0 }) { UnixSocketPath.removeIfOwned(socketPath, identity: identity) }
        }
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        try await server.serve()
                    } catch {
                        logger.error("the gRPC server failed", metadata: ["error": "\(error)", "endpoint": "\(socketPath)"])
                        throw error
                    }
                }
                group.addTask {
                    guard (try? await transport.listeningAddress) != nil else { return }
                    chmod(socketPath, 0o600)
                    ownedSocket.value.withLock { $0 = UnixSocketPath.identity(of: socketPath) }
                    logger.info("serving", metadata: ["endpoint": "\(socketPath)"])
                    onListening()
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            logger.info("shutting down: finishing in-flight mounts")
            server.beginGracefulShutdown()
        }
    }
}

/// The socket this process created, recorded once it listens.
private final class SocketIdentity: Sendable {
    let value = Mutex<(device: UInt64, inode: UInt64)?>(nil)
}

import FoundationEssentials
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// Serves the provider's gRPC API on a Unix socket as a lifecycle `Service`.
package struct ProviderGRPCService: Service {
    private let socketPath: String
    private let services: [any RegistrableRPCService]
    private let logger: Logger
    private let state: ServingState

    /// `state` tells readiness whether the socket serves.
    package init(
        socketPath: String, services: [any RegistrableRPCService], logger: Logger, state: ServingState = ServingState()
    ) {
        self.socketPath = socketPath
        self.services = services
        self.logger = logger
        self.state = state
    }

    /// The most Mounts one connection may have open at once, advertised as `SETTINGS_MAX_CONCURRENT_STREAMS`.
    /// The driver multiplexes every pod's Mount over one connection; without the setting NIOHTTP2 enforces an
    /// unadvertised 100 and ends the whole connection at stream 101, where compliant clients queue at a limit they see.
    package static let maxConcurrentStreams = 1024

    static var transportConfig: HTTP2ServerTransport.Posix.Config {
        .defaults { $0.http2.maxConcurrentStreams = maxConcurrentStreams }
    }

    package func run() async throws {
        try UnixSocketPath.prepare(socketPath)
        let descriptor = try UnixSocketPath.bindAndListen(at: socketPath)
        let ownSocket = UnixSocketPath.identity(of: socketPath)
        defer {
            // Remove our socket on the way out, unless a newer instance took the path over.
            if let ownSocket { UnixSocketPath.removeIfOwned(socketPath, identity: ownSocket) }
        }
        let transport = HTTP2ServerTransport.Posix(
            listeningSocketDescriptor: Int(descriptor), transportSecurity: .plaintext, config: Self.transportConfig)
        let server = GRPCServer(transport: transport, services: services)
        logger.info("serving", metadata: ["endpoint": "\(socketPath)"])
        state.set(true)
        defer { state.set(false) }
        try await withGracefulShutdownHandler {
            do {
                try await server.serve()
            } catch {
                logger.error("the gRPC server failed", metadata: ["error": "\(error)", "endpoint": "\(socketPath)"])
                throw error
            }
        } onGracefulShutdown: {
            logger.info("shutting down: finishing in-flight mounts")
            state.set(false)
            server.beginGracefulShutdown()
        }
    }
}

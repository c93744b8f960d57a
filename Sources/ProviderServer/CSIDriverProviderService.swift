import FoundationEssentials
import GRPCCore
import Logging
import ProviderAPI
import ProviderValues
import SecretsProvider

/// The driver's `v1alpha1.CSIDriverProvider` service: translates protobuf to the pipeline and errors to statuses.
package struct CSIDriverProviderService: V1alpha1_CSIDriverProvider.ServiceProtocol {
    /// Kubelet's own NodePublishVolume budget, assumed when the caller sends no `grpc-timeout`.
    static let defaultBudget: Duration = .seconds(120)

    private let provider: MountPipeline
    private let logger: Logger
    /// The socket's state, shared with `ProviderGRPCService`: once graceful shutdown began, gRPC's cancellation of
    /// every RPC (its quiesce) is not the client's, and in-flight Mounts finish within the grace period.
    private let serving: ServingState?

    package init(provider: MountPipeline, logger: Logger, serving: ServingState? = nil) {
        self.provider = provider
        self.logger = logger
        self.serving = serving
    }

    package func version(
        request: ServerRequest<V1alpha1_VersionRequest>, context: ServerContext
    ) async throws -> ServerResponse<V1alpha1_VersionResponse> {
        let started = ContinuousClock.now
        var response = V1alpha1_VersionResponse()
        response.version = BuildInfo.apiVersion
        response.runtimeName = BuildInfo.runtimeName
        response.runtimeVersion = BuildInfo.version
        logger.info(
            "version answered",
            metadata: [
                "method": "Version", "code": "ok", "version": "\(request.message.version)",
                "duration_ms": "\(started.duration(to: .now).wholeMilliseconds)",
            ])
        return ServerResponse(message: response)
    }

    package func mount(
        request: ServerRequest<V1alpha1_MountRequest>, context: ServerContext
    ) async throws -> ServerResponse<V1alpha1_MountResponse> {
        let started = ContinuousClock.now
        let budget = request.metadata[stringValues: "grpc-timeout"].first(where: { _ in true }).flatMap(
            GRPCTimeout.parse)
        let message = request.message
        let mountRequest = MountRequest(
            attributes: message.attributes, secrets: message.secrets, targetPath: message.targetPath,
            permission: message.permission, deadline: started + (budget ?? CSIDriverProviderService.defaultBudget))
        do {
            let result = try await CSIDriverProviderService.cancelledWithTheRPC(unlessShuttingDown: serving) {
                [provider] in
                try await provider.mount(mountRequest)
            }
            return ServerResponse(message: CSIDriverProviderService.response(for: result))
        } catch let error as MountError {
            throw RPCError(code: CSIDriverProviderService.statusCode(for: error.code), message: error.message)
        } catch is CancellationError {
            throw RPCError(code: .cancelled, message: "the mount was cancelled; nothing was written")
        } catch {
            logger.error("mount failed unexpectedly", metadata: ["error": "\(error)"])
            throw RPCError(code: .internalError, message: "internal error: \(error)")
        }
    }

    /// Runs `work` so that it is cancelled when the client cancels the RPC (the driver gave up, or went away). gRPC
    /// signals that through the RPC's cancellation handle, not by cancelling the handler's task, which it does only at
    /// the deadline: without this, a Mount stuck on a silent Vault ran on to its deadline after the driver left. The
    /// handle also fires for every RPC when graceful shutdown begins; then (`serving` no longer set) it is ignored.
    static func cancelledWithTheRPC<Result: Sendable>(
        unlessShuttingDown serving: ServingState?,
        _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let task = Task { try await work() }
        return try await withTaskCancellationHandler {
            try await withRPCCancellationHandler {
                try await task.value
            } onCancelRPC: {
                if serving?.isServing ?? true { task.cancel() }
            }
        } onCancel: {
            task.cancel()
        }
    }

    static func response(for result: MountResult) -> V1alpha1_MountResponse {
        var response = V1alpha1_MountResponse()
        response.objectVersion = result.versions.map { version in
            var entry = V1alpha1_ObjectVersion()
            entry.id = version.id
            entry.version = version.version
            return entry
        }
        response.files = result.files.map { file in
            var entry = V1alpha1_File()
            entry.path = file.path
            entry.mode = Int32(file.mode)
            entry.contents = file.contents
            return entry
        }
        return response
    }

    static func statusCode(for code: MountError.Code) -> RPCError.Code {
        switch code {
        case .invalidArgument: return .invalidArgument
        case .failedPrecondition: return .failedPrecondition
        case .permissionDenied: return .permissionDenied
        case .notFound: return .notFound
        case .resourceExhausted: return .resourceExhausted
        case .unavailable: return .unavailable
        case .deadlineExceeded: return .deadlineExceeded
        case .cancelled: return .cancelled
        case .internal: return .internalError
        }
    }
}

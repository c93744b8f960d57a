import Foundation
import Logging
import ProviderConfiguration
import ProviderValues
import VaultClient

/// The Mount pipeline, one stage a folder: parse, identity and session (Session/), fetch (Fetch/), render (Render/),
/// versions (Versions/), output (Output/).
public final class SecretsProvider: Sendable {
    private let settings: ProviderSettings
    private let sessions: VaultSessions
    private let fetcher: Fetcher
    private let versioner: ObjectVersioner
    private let writeModes: WriteModeResolver
    private let metrics: ProviderMetrics
    private let logger: Logger

    /// `tokenSource` mints tokens when the driver sent none; `versionKeySource` holds the cluster's HMAC key.
    /// Without them, mounts need the driver's token and versions are process-local. `vault` reaches Vault: by default
    /// a pool of HTTP clients built from `settings`; tests pass an in-memory Vault, and a `clock` they move forward.
    public init(settings: ProviderSettings, tokenSource: (any ServiceAccountTokenSource)? = nil,
                versionKeySource: (any VersionKeySource)? = nil, vault: (any VaultConnector)? = nil, clock: CacheClock = .system,
                metrics: ProviderMetrics = ProviderMetrics(), logger: Logger) {
        self.settings = settings
        let clients = vault ?? VaultClientPool(
            maxConcurrentRequests: settings.maxConcurrentVaultRequests, transport: settings.vaultTransport, metrics: metrics.vault, logger: logger)
        self.sessions = VaultSessions(
            clients: clients, tokens: VaultTokenCache(capacity: settings.cacheSize, clock: clock),
            identity: IdentityResolver(minter: tokenSource), metrics: metrics)
        self.fetcher = Fetcher(
            leases: LeaseCache(capacity: settings.cacheSize * 4, clock: clock), maxConcurrentReads: settings.maxConcurrentReads,
            clock: clock, metrics: metrics)
        self.versioner = ObjectVersioner(source: versionKeySource, logger: logger)
        self.writeModes = WriteModeResolver(settings: settings)
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs one mount, logs its outcome and counts it; on any failure nothing in the volume changes.
    public func mount(_ request: MountRequest) async throws -> MountResult {
        try await observed { mountLogger in
            try await perform(parse(request), deadline: request.deadline, logger: &mountLogger)
        }
    }

    /// The typed entry: runs a mount already parsed (the `mount` command builds its configuration directly).
    public func mount(_ configuration: MountConfiguration, deadline: ContinuousClock.Instant) async throws -> MountResult {
        try await observed { mountLogger in
            try await perform(configuration, deadline: deadline, logger: &mountLogger)
        }
    }

    /// Times `body`, counts its outcome and logs it; `body` may add the pod to the logger for the outcome's line.
    private func observed(_ body: (inout Logger) async throws -> MountResult) async throws -> MountResult {
        let started = ContinuousClock.now
        var mountLogger = logger
        metrics.mountStarted()
        do {
            let result = try await body(&mountLogger)
            let duration = started.duration(to: .now)
            metrics.mountFinished(result: "ok", duration: duration)
            mountLogger.info("mount succeeded", metadata: [
                "method": "Mount", "code": "ok", "objects": "\(result.versions.count)",
                "write_mode": "\(result.writeMode.rawValue)", "duration_ms": "\(duration.wholeMilliseconds)",
            ])
            return result
        } catch {
            let duration = started.duration(to: .now)
            let failure = error as? MountError
                ?? MountError(error is CancellationError ? .cancelled : .internal, "\(error)")
            metrics.mountFinished(result: failure.code.snakeCaseName, duration: duration)
            mountLogger.warning("mount failed", metadata: [
                "method": "Mount", "code": "\(failure.code.snakeCaseName)", "error": "\(failure.message)",
                "duration_ms": "\(duration.wholeMilliseconds)",
            ])
            throw error
        }
    }

    /// The mount itself, stage by stage; `mountLogger` carries the pod for every later line, the outcome's included.
    private func perform(_ configuration: MountConfiguration, deadline: ContinuousClock.Instant,
                         logger mountLogger: inout Logger) async throws -> MountResult {
        mountLogger[metadataKey: "pod"] = "\(configuration.pod.name)"
        mountLogger[metadataKey: "namespace"] = "\(configuration.pod.namespace)"
        mountLogger[metadataKey: "objects"] = "\(configuration.objects.count)"
        mountLogger.trace("mount started", metadata: [
            "budget_ms": "\(ContinuousClock.now.duration(to: deadline).wholeMilliseconds)",
        ])
        let writeMode = try writeModes.mode(for: configuration.targetPath, logger: mountLogger)
        let vault = try ResolvedVault(process: settings.vault, mount: configuration.vault)
        vault.warnIfUnverified(mountLogger)
        try WriteModeResolver.checkOwnership(of: configuration, in: writeMode)
        let plan = ReadPlan(objects: configuration.objects)
        let answers = try await fetch(plan, of: configuration, from: vault, deadline: deadline, logger: mountLogger)
        let rendered = try MountRenderer.files(of: configuration, plan: plan, answers: answers, logger: mountLogger)
        let files = rendered.map(\.file)
        let versions = await versioner.versions(of: rendered.map(\.object), files: files, deadline: deadline)
        return try VolumeOutput.deliver(files, versions: versions, mode: writeMode, into: configuration.targetPath, deadline: deadline,
                                        logger: mountLogger)
    }

    /// The request's attributes, secrets and permission as a checked configuration.
    private func parse(_ request: MountRequest) throws -> MountConfiguration {
        do {
            return try MountConfiguration(
                attributes: request.attributes, secrets: request.secrets,
                permission: request.permission, targetPath: request.targetPath, defaultAudience: settings.defaultAudience)
        } catch let error as ConfigurationError {
            throw MountError(error)
        }
    }

    /// Opens the pod's Vault session and runs the plan; when Vault refuses a cached token, one fresh login and one retry.
    private func fetch(_ plan: ReadPlan, of configuration: MountConfiguration, from vault: ResolvedVault,
                       deadline: ContinuousClock.Instant, logger: Logger) async throws -> [VaultAnswer] {
        let session = try await sessions.open(vault, for: configuration, deadline: deadline, logger: logger)
        do {
            return try await fetcher.answers(for: plan, of: configuration, session: session, deadline: deadline)
        } catch let error as MountError where error.code == .permissionDenied && session.cached {
            let fresh = try await sessions.reopen(session, for: configuration, deadline: deadline, logger: logger)
            return try await fetcher.answers(for: plan, of: configuration, session: fresh, deadline: deadline)
        }
    }

    /// Closes Vault connections.
    public func shutdown() async {
        await sessions.clients.shutdown()
    }
}

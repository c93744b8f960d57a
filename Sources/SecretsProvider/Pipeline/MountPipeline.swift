import FoundationEssentials
import Logging
import ProviderConfiguration
import ProviderValues
import VaultContract

/// The Mount pipeline, one stage a folder: parse, identity and session (Session/), fetch (Fetch/), render (Render/),
/// versions (Versions/), output (Output/).
package final class MountPipeline: Sendable {
    private let settings: ProviderSettings
    private let sessions: VaultSessions
    private let fetcher: Fetcher
    private let versioner: ObjectVersioner
    private let writeModes: WriteModeResolver
    private let destinations: ClassDestinations
    /// Optional objects already logged as missing, by volume.
    private let missingNoticed = OncePerKey()
    private let pods: NodePods
    private let held: HeldTokens
    private let renewer: Renewer
    private let revoker: Revoker
    private let metrics: ProviderMetrics
    private let logger: Logger

    /// `vault` reaches Vault (the daemon's pool of HTTP clients, or the tests' in-memory Vault); the provider owns it
    /// from here, and `shutdown` closes it. `tokenSource` mints tokens when the driver sent none; `versionKeySource`
    /// holds the cluster's HMAC key. Without them, mounts need the driver's token and versions are process-local.
    /// Tests pass a `clock` they move forward.
    package init(
        settings: ProviderSettings, vault: any VaultConnector, tokenSource: (any ServiceAccountTokenSource)? = nil,
        versionKeySource: (any VersionKeySource)? = nil, clock: CacheClock = .system,
        metrics: ProviderMetrics = ProviderMetrics(), logger: Logger
    ) {
        self.settings = settings
        let clients = vault
        let tokens = VaultTokenCache(
            capacity: settings.cacheSize, clock: clock, renewFraction: settings.tokenRenewFraction)
        let alarm = RenewalAlarm()
        let leases = LeaseCache(
            capacity: settings.cacheSize * 4, clock: clock, alarm: alarm, renewFraction: settings.leaseRenewFraction)
        let held = HeldTokens(clock: clock, alarm: alarm, renewFraction: settings.tokenRenewFraction)
        self.held = held
        self.sessions = VaultSessions(
            clients: clients, tokens: tokens, identity: IdentityResolver(minter: tokenSource), held: held,
            metrics: metrics)
        self.fetcher = Fetcher(
            leases: leases, maxConcurrentReads: settings.maxConcurrentReads,
            maxAnswerBytes: settings.maxMountAnswerBytes,
            clock: clock, metrics: metrics)
        self.pods = NodePods(clock: clock, alarm: alarm)
        let credentials = PodCredentials(held: held, tokens: tokens, leases: leases)
        self.renewer = Renewer(
            pods: pods, clients: clients, credentials: credentials, metrics: metrics, logger: logger, clock: clock,
            alarm: alarm)
        self.revoker = Revoker(clients: clients, credentials: credentials, metrics: metrics, logger: logger)
        self.versioner = ObjectVersioner(source: versionKeySource, logger: logger)
        self.writeModes = WriteModeResolver(settings: settings)
        self.destinations = ClassDestinations(
            addresses: settings.allowedVaultAddresses, audiences: settings.allowedAudiences)
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs one mount, logs its outcome and counts it; on any failure nothing in the volume changes.
    package func mount(_ request: MountRequest) async throws -> MountResult {
        try await observed { mountLogger in
            try await perform(parse(request), deadline: request.deadline, logger: &mountLogger)
        }
    }

    /// The typed entry: runs a mount already parsed (the `mount` command builds its configuration directly).
    package func mount(_ configuration: MountConfiguration, deadline: ContinuousClock.Instant) async throws
        -> MountResult
    {
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
            mountLogger.info(
                "mount succeeded",
                metadata: [
                    "method": "Mount", "code": "ok", "objects": "\(result.versions.count)",
                    "write_mode": "\(result.writeMode.rawValue)", "duration_ms": "\(duration.wholeMilliseconds)",
                ])
            return result
        } catch {
            let duration = started.duration(to: .now)
            let failure =
                error as? MountError
                ?? MountError(error is CancellationError ? .cancelled : .internal, "\(error)")
            metrics.mountFinished(result: failure.code.snakeCaseName, duration: duration)
            mountLogger.warning(
                "mount failed",
                metadata: [
                    "method": "Mount", "code": "\(failure.code.snakeCaseName)", "error": "\(failure.message)",
                    "duration_ms": "\(duration.wholeMilliseconds)",
                ])
            throw error
        }
    }

    /// The mount, then, when its pod was deleted while it ran, that pod's revocation.
    private func perform(
        _ configuration: MountConfiguration, deadline: ContinuousClock.Instant,
        logger mountLogger: inout Logger
    ) async throws -> MountResult {
        let uid = configuration.pod.uid
        do {
            let result = try await stages(configuration, deadline: deadline, logger: &mountLogger)
            await revokeIfDeleted(uid)
            return result
        } catch {
            await revokeIfDeleted(uid)
            throw error
        }
    }

    /// The mount itself, stage by stage; `mountLogger` carries the pod for every later line, the outcome's included.
    private func stages(
        _ configuration: MountConfiguration, deadline: ContinuousClock.Instant,
        logger mountLogger: inout Logger
    ) async throws -> MountResult {
        mountLogger[metadataKey: "pod"] = "\(configuration.pod.name)"
        mountLogger[metadataKey: "namespace"] = "\(configuration.pod.namespace)"
        mountLogger[metadataKey: "objects"] = "\(configuration.objects.count)"
        mountLogger.trace(
            "mount started",
            metadata: [
                "budget_ms": "\(ContinuousClock.now.duration(to: deadline).wholeMilliseconds)"
            ])
        try destinations.check(configuration)
        let writeMode = try writeModes.mode(
            for: configuration.targetPath, podUID: configuration.pod.uid, logger: mountLogger)
        try NodePublishSecretGate.check(configuration, allowed: settings.allowNodePublishSecretAuth)
        let vault = try ResolvedVault(
            process: settings.vault, mount: configuration.vault, allowedTLSDirectories: settings.allowedTLSDirectories,
            method: configuration.authMethod)
        if configuration.authMethod.usesNodePublishSecret { _ = try SecretLogin(configuration, vault: vault) }
        vault.warnIfUnverified(mountLogger)
        try WriteModeResolver.checkOwnership(of: configuration, in: writeMode)
        let plan = ReadPlan(objects: configuration.objects)
        let answers = try await fetch(plan, of: configuration, from: vault, deadline: deadline, logger: mountLogger)
        let output = try MountRenderer.files(of: configuration, plan: plan, answers: answers, logger: mountLogger)
        noteMissing(output.missing, in: configuration, logger: mountLogger)
        let rendered = output.files
        let files = rendered.map(\.file)
        let versions = await versioner.versions(
            of: rendered.map(\.object), files: files, missing: output.missing, deadline: deadline)
        return try VolumeOutput.deliver(
            files, versions: versions, mode: writeMode, into: configuration.targetPath, deadline: deadline,
            logger: mountLogger)
    }

    /// Counts the optional objects left out, and logs each once per volume (not at every rotation poll).
    private func noteMissing(_ missing: [SecretObject], in configuration: MountConfiguration, logger: Logger) {
        for object in missing {
            metrics.optionalMissing()
            guard missingNoticed.firstTime(configuration.targetPath + "\u{0}" + object.objectName) else { continue }
            logger.info(
                "an optional object's secret or key is missing; its file is left out",
                metadata: ["object": "\(object.objectName)", "path": "\(object.secretPath)"])
        }
    }

    /// The request's attributes, secrets and permission as a checked configuration.
    private func parse(_ request: MountRequest) throws -> MountConfiguration {
        do {
            return try MountConfiguration(
                attributes: request.attributes, secrets: request.secrets,
                permission: request.permission, targetPath: request.targetPath,
                defaultAudience: settings.defaultAudience)
        } catch let error as ConfigurationError {
            throw MountError(error)
        }
    }

    /// Opens the pod's Vault session, runs the plan in it, and hands the session's client back when the reads ended.
    private func fetch(
        _ plan: ReadPlan, of configuration: MountConfiguration, from vault: ResolvedVault,
        deadline: ContinuousClock.Instant, logger: Logger
    ) async throws -> [VaultAnswer] {
        let session = try await sessions.open(vault, for: configuration, deadline: deadline, logger: logger)
        do {
            let answers = try await read(plan, of: configuration, session: session, deadline: deadline, logger: logger)
            await sessions.close(session)
            return answers
        } catch {
            await sessions.close(session)
            throw error
        }
    }

    /// Runs the plan in `session`; when Vault refuses its cached token, or the one address a cached token is bound
    /// to is unavailable, one fresh login (at any address) and one retry.
    private func read(
        _ plan: ReadPlan, of configuration: MountConfiguration, session: VaultSession,
        deadline: ContinuousClock.Instant, logger: Logger
    ) async throws -> [VaultAnswer] {
        do {
            return try await fetcher.answers(for: plan, of: configuration, session: session, deadline: deadline)
        } catch let error as MountError where session.cached && Self.worthAFreshLogin(error, session) {
            let fresh = try await sessions.reopen(session, for: configuration, deadline: deadline, logger: logger)
            return try await fetcher.answers(for: plan, of: configuration, session: fresh, deadline: deadline)
        }
    }

    /// Whether a cached token's failure is worth one fresh login: Vault refused it, or it is bound to one address
    /// (the addresses do not share tokens) and that address is unavailable, while another may answer a login.
    private static func worthAFreshLogin(_ error: MountError, _ session: VaultSession) -> Bool {
        error.code == .permissionDenied || (error.code == .unavailable && session.vault.tokenAddress != nil)
    }

    // MARK: The node's pods

    /// The node's pod watch listed its pods: `alive` are Pending or Running. `gone` are pods served before that are
    /// missing from the list (deleted while the watch was down): they count as deleted.
    package func podsListed(alive: Set<String>, gone: Set<String>) async {
        await pods.listed(alive: alive)
        await held.startRecording()
        for uid in gone { await podDeleted(uid: uid) }
    }

    /// A pod's phase changed: Pending or Running count as alive; Succeeded or Failed end its renewals.
    package func podChanged(uid: String, alive: Bool) async {
        await pods.changed(uid: uid, alive: alive)
    }

    /// A pod was deleted (its DELETED event): its tokens are revoked (with `revokeOnPodDelete`), its cache entries
    /// dropped.
    package func podDeleted(uid: String) async {
        guard !uid.isEmpty else { return }
        await pods.deleted(uid: uid)
        guard settings.revokeOnPodDelete else { return }
        await revoker.revoke(podUID: uid)
    }

    /// Renews, until cancelled, the tokens and leases of pods the watch reports alive.
    package func runRenewals() async {
        await renewer.run()
    }

    /// Renews what is due now (tests call this after moving the clock); returns how many renewals were attempted.
    @discardableResult
    package func renewDue() async -> Int {
        await renewer.renewDue()
    }

    /// A Mount that ran while its pod was deleted revokes the token it just obtained.
    private func revokeIfDeleted(_ uid: String) async {
        guard settings.revokeOnPodDelete, !uid.isEmpty, await pods.wasDeletedRecently(uid) else { return }
        await revoker.revoke(podUID: uid)
    }

    /// Closes Vault connections.
    package func shutdown() async {
        await sessions.clients.shutdown()
    }
}

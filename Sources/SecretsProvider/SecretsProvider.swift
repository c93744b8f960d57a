import Foundation
import Logging
import ProviderConfiguration
import ProviderValues
import VaultClient

/// The Mount pipeline: parse, identity, login, fetch, render, version, output.
public final class SecretsProvider: Sendable {
    private let settings: ProviderSettings
    private let clients: any VaultConnector
    private let clock: CacheClock
    private let identity: IdentityResolver
    private let versioner: ObjectVersioner
    private let tokens: VaultTokenCache
    private let leases: LeaseCache
    private let metrics: ProviderMetrics
    private let logger: Logger
    /// Targets already logged as not being the driver's volume.
    private let plainTargets = OncePerKey()

    /// `tokenSource` mints tokens when the driver sent none; `versionKeySource` holds the cluster's HMAC key.
    /// Without them, mounts need the driver's token and versions are process-local. `vault` reaches Vault: by default
    /// a pool of HTTP clients built from `settings`; tests pass an in-memory Vault, and a `clock` they move forward.
    public init(settings: ProviderSettings, tokenSource: (any ServiceAccountTokenSource)? = nil,
                versionKeySource: (any VersionKeySource)? = nil, vault: (any VaultConnector)? = nil, clock: CacheClock = .system,
                metrics: ProviderMetrics = ProviderMetrics(), logger: Logger) {
        self.settings = settings
        self.clients = vault ?? VaultClientPool(
            maxConcurrentRequests: settings.maxConcurrentVaultRequests, transport: settings.vaultTransport, metrics: metrics.vault, logger: logger)
        self.clock = clock
        self.identity = IdentityResolver(minter: tokenSource)
        self.versioner = ObjectVersioner(source: versionKeySource, logger: logger)
        self.tokens = VaultTokenCache(capacity: settings.cacheSize, clock: clock)
        self.leases = LeaseCache(capacity: settings.cacheSize * 4, clock: clock)
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs one mount, logs its outcome and counts it; on any failure nothing in the volume changes.
    public func mount(_ request: MountRequest) async throws -> MountResult {
        let started = ContinuousClock.now
        var mountLogger = logger
        metrics.mountStarted()
        do {
            let result = try await perform(request, logger: &mountLogger)
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

    /// The mount itself; once the request is parsed, `mountLogger` carries the pod for every later line, the outcome's included.
    private func perform(_ request: MountRequest, logger mountLogger: inout Logger) async throws -> MountResult {
        let configuration: MountConfiguration
        do {
            configuration = try MountConfiguration(
                attributes: request.attributes, secrets: request.secrets,
                permission: request.permission, targetPath: request.targetPath, defaultAudience: settings.defaultAudience)
        } catch let error as ConfigurationError {
            throw MountError(error)
        }
        mountLogger[metadataKey: "pod"] = "\(configuration.pod.name)"
        mountLogger[metadataKey: "namespace"] = "\(configuration.pod.namespace)"
        mountLogger[metadataKey: "objects"] = "\(configuration.objects.count)"
        mountLogger.trace("mount started", metadata: [
            "budget_ms": "\(ContinuousClock.now.duration(to: request.deadline).wholeMilliseconds)",
        ])
        let writeMode = try resolveWriteMode(for: request.targetPath, logger: mountLogger)
        let vault = settings.effectiveVault(for: configuration)
        do {
            try vault.tls.validate()
        } catch let error as ConfigurationError {
            throw MountError(error)
        }
        if vault.tls.skipVerify == true, vault.address?.lowercased().hasPrefix("https") == true {
            mountLogger.warning(
                "Vault's TLS certificate is not verified (vaultSkipTLSVerify or -vault-tls-skip-verify): anyone between the provider and Vault can read this pod's secrets",
                metadata: ["vault_addr": "\(vault.address!)"])
        }

        if writeMode != .provider, let owned = configuration.objects.first(where: { $0.fileOwner != nil || $0.fileGroup != nil }) {
            throw MountError(.invalidArgument, "object \(Quoted(owned.objectName)): fileOwner and fileGroup need provider write mode "
                + "(-write-mode=provider, or auto with the kubelet's pods directory mounted); the Secrets Store CSI driver cannot set file ownership")
        }

        let rendered = try await fetchAndRender(configuration, vault: vault, deadline: request.deadline, logger: mountLogger)
        let files = rendered.map(\.file)
        let versions = await versioner.versions(of: rendered.map(\.object), files: files, deadline: request.deadline)
        switch writeMode {
        case .driver, .auto:
            return MountResult(versions: versions, files: files, writeMode: .driver)
        case .provider:
            let written = try AtomicWriter(targetPath: request.targetPath).write(files) {
                if Task.isCancelled || ContinuousClock.now >= request.deadline {
                    throw MountError(.deadlineExceeded, "the mount's deadline passed before the files were written; nothing was changed")
                }
            }
            mountLogger.debug("volume written", metadata: ["changed": "\(written)", "files": "\(files.count)"])
            return MountResult(versions: versions, files: [], writeMode: .provider)
        }
    }

    /// Who writes this mount's files. The daemon writes only into the driver's volume: a tmpfs mount point under
    /// `<kubelet-dir>/pods/`; in auto mode anything else goes back to the driver (docs/write-modes.md has the table).
    private func resolveWriteMode(for targetPath: String, logger: Logger) throws -> WriteMode {
        switch settings.writeMode {
        case .driver:
            return .driver
        case .auto where !TargetDirectory.isExistingDirectory(targetPath):
            return .driver
        case .auto, .provider:
            guard settings.confinedToKubeletPods else { return .provider }
            try TargetDirectory.checkConfined(targetPath, kubeletDirectory: settings.kubeletDirectory)
            guard let reason = TargetDirectory.notTheDriversVolume(targetPath) else { return .provider }
            if settings.writeMode == .provider { throw TargetDirectory.notTheDriversVolumeError(targetPath) }
            if plainTargets.firstTime(targetPath) {
                logger.info("target_path is not the driver's tmpfs volume: the files go back to the driver", metadata: [
                    "target_path": "\(targetPath)", "reason": "\(reason)",
                ])
            }
            return .driver
        }
    }

    /// Logs in, runs every distinct read concurrently, and renders each object's file.
    private func fetchAndRender(_ configuration: MountConfiguration, vault: VaultSettings, deadline: ContinuousClock.Instant,
                                logger: Logger) async throws -> [(object: SecretObject, file: RenderedFile)] {
        let client: any VaultAPI
        do {
            client = try await clients.vault(address: vault.address!, tls: vault.tls)
        } catch let error as VaultError {
            throw MountError(MountError.code(for: error), error.description)
        }
        let key = TokenCacheKey(vault: vault, configuration: configuration)
        let login: @Sendable () async throws -> VaultToken = { [identity, metrics] in
            let jwt = try await identity.jwt(for: configuration, deadline: deadline)
            do {
                let token = try await client.login(
                    mountPath: vault.authMountPath!, role: configuration.roleName, jwt: jwt, namespace: vault.namespace, deadline: deadline)
                metrics.loggedIn()
                logger.debug("logged in to Vault", metadata: ["role": "\(configuration.roleName)", "mount": "\(vault.authMountPath!)"])
                return token
            } catch let error as VaultError {
                throw MountError(reading: configuration.objects[0].objectName, error, loggingIn: true)
            }
        }
        let plan = ReadPlan(objects: configuration.objects)
        var (entry, cached) = try await tokens.token(for: key, login: login)
        metrics.cache(.token, hit: cached)
        let leaseScope = configuration.reuseLeases ? key : nil
        var answers: [VaultAnswer]
        do {
            answers = try await fetch(plan, configuration: configuration, client: client, token: entry,
                                      leaseScope: leaseScope, namespace: vault.namespace, deadline: deadline)
        } catch let error as MountError where error.code == .permissionDenied && cached {
            // Vault refused a cached token (revoked, or its policies changed): one fresh login, one retry.
            logger.debug("a cached Vault token was refused; logging in again")
            await tokens.invalidate(key, clientToken: entry.token.clientToken)
            (entry, cached) = try await tokens.token(for: key, login: login)
            answers = try await fetch(plan, configuration: configuration, client: client, token: entry,
                                      leaseScope: leaseScope, namespace: vault.namespace, deadline: deadline)
        }
        for (request, answer) in zip(plan.requests, answers) where !answer.warnings.isEmpty {
            logger.warning("Vault answered with warnings", metadata: ["request": "\(request)", "warnings": "\(answer.warnings)"])
        }
        var rendered: [(object: SecretObject, file: RenderedFile)] = []
        for (index, object) in configuration.objects.enumerated() {
            rendered += try SecretRenderer.files(for: object, answer: answers[plan.requestIndexForObject[index]], defaultMode: configuration.defaultMode)
        }
        if rendered.reduce(0, { $0 + $1.file.contents.count }) > Limits.maxMountBytes {
            throw MountError(.invalidArgument, "the mount's files add up to more than \(Limits.maxMountBytes) bytes, the limit for one volume")
        }
        try VolumeLayout.checkPaths(rendered.map(\.file.path))
        return rendered
    }

    /// Every distinct request, at most `maxConcurrentReads` at a time; the first failure cancels the rest.
    /// With a `leaseScope`, still-fresh dynamic-secret answers of this volume are reused and new ones kept.
    private func fetch(_ plan: ReadPlan, configuration: MountConfiguration, client: any VaultAPI, token: VaultTokenCache.Entry,
                       leaseScope: TokenCacheKey?, namespace: String?, deadline: ContinuousClock.Instant) async throws -> [VaultAnswer] {
        let requests = plan.requests
        let leaseKeys = requests.map { request in
            leaseScope.map { LeaseCache.Key(token: $0, targetPath: configuration.targetPath, request: request) }
        }
        var answers = [VaultAnswer?](repeating: nil, count: requests.count)
        for (index, leaseKey) in leaseKeys.enumerated() {
            if let leaseKey, let reused = await leases.answer(for: leaseKey) {
                answers[index] = reused
                metrics.cache(.lease, hit: true)
            }
        }
        let missing = answers.indices.filter { answers[$0] == nil }
        let objectNames = requests.indices.map { index in
            configuration.objects[plan.requestIndexForObject.firstIndex(of: index)!].objectName
        }
        let clientToken = token.token.clientToken
        let obtained = clock.now()
        let fetched = try await withThrowingTaskGroup(of: (Int, VaultAnswer).self) { group in
            var next = 0
            func start(_ index: Int) {
                group.addTask {
                    do {
                        let response = try await client.send(requests[index], token: clientToken, namespace: namespace, deadline: deadline)
                        return (index, VaultAnswer(body: response.body))
                    } catch let error as VaultError {
                        throw MountError(reading: objectNames[index], error)
                    }
                }
            }
            while next < min(settings.maxConcurrentReads, missing.count) {
                start(missing[next])
                next += 1
            }
            var results: [(Int, VaultAnswer)] = []
            while let result = try await group.next() {
                results.append(result)
                if next < missing.count {
                    start(missing[next])
                    next += 1
                }
            }
            return results
        }
        for (index, answer) in fetched {
            answers[index] = answer
            if let leaseKey = leaseKeys[index], answer.lease != nil {
                // A miss is a leased secret fetched again; answers without a lease are never reusable.
                metrics.cache(.lease, hit: false)
                await leases.store(answer, for: leaseKey, obtained: obtained, tokenExpires: token.expires)
            }
        }
        return answers.map { $0! }
    }

    /// Closes Vault connections.
    public func shutdown() async {
        await clients.shutdown()
    }
}

import FoundationEssentials
import Logging
import ProviderConfiguration

/// Signs object versions with the cluster's key, loaded once and kept in memory.
/// Without a key source the key is random and process-local. Loading may take `loadBudget` of a mount's time (the
/// mounts waiting meanwhile share the one load); when it fails, versions are empty, and for `failureMemory` later
/// mounts do not try again, so an unreachable API server costs each mount nothing.
actor ObjectVersioner {
    private let source: (any VersionKeySource)?
    private var signer: VersionSigner?
    private var loading: Task<VersionSigner?, Never>?
    private var failedAt: ContinuousClock.Instant?
    private let loadBudget: Duration
    private let failureMemory: Duration
    private let logger: Logger

    init(
        source: (any VersionKeySource)?, loadBudget: Duration = .seconds(2), failureMemory: Duration = .seconds(5),
        logger: Logger
    ) {
        self.source = source
        self.loadBudget = loadBudget
        self.failureMemory = failureMemory
        self.logger = logger
        if source == nil {
            signer = .processLocal()
            logger.info("no Kubernetes configuration: object versions use a random in-memory key and are process-local")
        }
    }

    /// The versions of `objects` with their rendered `files` (same order), then of the optional objects left out
    /// (`missing`: the driver needs at least one version, and a secret that appears changes it); empty strings when no
    /// key is available.
    func versions(
        of objects: [SecretObject], files: [RenderedFile], missing: [SecretObject] = [],
        deadline: ContinuousClock.Instant
    ) async -> [ObjectVersion] {
        let signer = await currentSigner(deadline: deadline)
        return zip(objects, files).map { object, file in
            ObjectVersion(id: object.objectName, version: signer?.version(of: object, contents: file.contents) ?? "")
        } + missing.map { ObjectVersion(id: $0.objectName, version: signer?.version(ofAbsent: $0) ?? "") }
    }

    private func currentSigner(deadline: ContinuousClock.Instant) async -> VersionSigner? {
        if let signer { return signer }
        guard let source else { return nil }
        if let failedAt, failedAt.duration(to: .now) < failureMemory { return nil }
        let load =
            loading
            ?? Task { [loadBudget, logger] in
                do {
                    return VersionSigner(key: try await source.loadKey(deadline: min(deadline, .now + loadBudget)))
                } catch {
                    logger.warning(
                        "cannot load the object-version HMAC key; mounts return empty versions for a while",
                        metadata: [
                            "error": "\(error)"
                        ])
                    return nil
                }
            }
        loading = load
        let loaded = await load.value
        loading = nil
        if let loaded { signer = loaded } else { failedAt = .now }
        return loaded
    }
}

import Foundation
import Logging
import ProviderConfiguration

/// Signs object versions with the cluster's key, loaded once and kept in memory.
/// Without a key source the key is random and process-local; when the source fails, versions are empty for that mount.
actor ObjectVersioner {
    private let source: (any VersionKeySource)?
    private var signer: VersionSigner?
    private let logger: Logger

    init(source: (any VersionKeySource)?, logger: Logger) {
        self.source = source
        self.logger = logger
        if source == nil {
            signer = .processLocal()
            logger.info("no Kubernetes configuration: object versions use a random in-memory key and are process-local")
        }
    }

    /// The versions of `objects` with their rendered `files` (same order); empty strings when no key is available.
    func versions(of objects: [SecretObject], files: [RenderedFile], deadline: ContinuousClock.Instant) async -> [ObjectVersion] {
        let signer = await currentSigner(deadline: deadline)
        return zip(objects, files).map { object, file in
            ObjectVersion(id: object.objectName, version: signer?.version(of: object, contents: file.contents) ?? "")
        }
    }

    private func currentSigner(deadline: ContinuousClock.Instant) async -> VersionSigner? {
        if let signer { return signer }
        guard let source else { return nil }
        do {
            let key = try await source.loadKey(deadline: deadline)
            let loaded = VersionSigner(key: key)
            signer = loaded
            return loaded
        } catch {
            logger.warning("cannot load the object-version HMAC key; this mount returns empty versions", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

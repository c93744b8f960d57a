import Logging

/// The last stage: the files written atomically into the target (provider mode), or handed back for the driver.
enum VolumeOutput {
    static func deliver(
        _ files: [RenderedFile], versions: [ObjectVersion], mode: WriteMode, into targetPath: String,
        deadline: ContinuousClock.Instant, logger: Logger
    ) throws -> MountResult {
        switch mode {
        case .driver, .auto:
            return MountResult(versions: versions, files: files, writeMode: .driver)
        case .provider:
            let written = try AtomicWriter(targetPath: targetPath).write(files) {
                if Task.isCancelled || ContinuousClock.now >= deadline {
                    throw MountError(
                        .deadlineExceeded,
                        "the mount's deadline passed before the files were written; nothing was changed")
                }
            }
            logger.debug("volume written", metadata: ["changed": "\(written)", "files": "\(files.count)"])
            return MountResult(versions: versions, files: [], writeMode: .provider)
        }
    }
}

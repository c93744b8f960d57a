import Logging
import ProviderConfiguration

/// Turns a mount's answers into its files: each object's file or files, within the volume's limits.
enum MountRenderer {
    /// What a mount writes: the files, and the optional objects left out.
    struct Output {
        var files: [(object: SecretObject, file: RenderedFile)] = []
        /// Optional objects whose secret or key was missing, in class order.
        var missing: [SecretObject] = []
    }

    /// The files of every object, in the class's order; throws when they exceed a volume's size or their paths collide.
    /// An `optional` object whose read found nothing (404) or whose data lacks what it selects (NOT_FOUND) is left
    /// out.
    static func files(
        of configuration: MountConfiguration, plan: ReadPlan, answers: [VaultAnswer],
        logger: Logger
    ) throws -> Output {
        for (request, answer) in zip(plan.requests, answers) where !answer.warnings.isEmpty {
            logger.warning(
                "Vault answered with warnings", metadata: ["request": "\(request)", "warnings": "\(answer.warnings)"])
        }
        var output = Output()
        for (index, object) in configuration.objects.enumerated() {
            let answer = answers[plan.requestIndexForObject[index]]
            do {
                guard !answer.isAbsent else {
                    output.missing.append(object)
                    continue
                }
                output.files += try SecretRenderer.files(
                    for: object, answer: answer, defaultMode: configuration.defaultMode)
            } catch let error as MountError where error.code == .notFound && object.optional {
                output.missing.append(object)
            }
        }
        if output.files.reduce(0, { $0 + $1.file.contents.count }) > Limits.maxMountBytes {
            throw MountError(
                .invalidArgument,
                "the mount's files add up to more than \(Limits.maxMountBytes) bytes, the limit for one volume")
        }
        try VolumeLayout.checkPaths(output.files.map(\.file.path))
        return output
    }
}

import Logging
import ProviderConfiguration

/// Turns a mount's answers into its files: each object's file or files, within the volume's limits.
enum MountRenderer {
    /// The files of every object, in the class's order; throws when they exceed a volume's size or their paths collide.
    static func files(
        of configuration: MountConfiguration, plan: ReadPlan, answers: [VaultAnswer],
        logger: Logger
    ) throws -> [(object: SecretObject, file: RenderedFile)] {
        for (request, answer) in zip(plan.requests, answers) where !answer.warnings.isEmpty {
            logger.warning(
                "Vault answered with warnings", metadata: ["request": "\(request)", "warnings": "\(answer.warnings)"])
        }
        var rendered: [(object: SecretObject, file: RenderedFile)] = []
        for (index, object) in configuration.objects.enumerated() {
            rendered += try SecretRenderer.files(
                for: object, answer: answers[plan.requestIndexForObject[index]], defaultMode: configuration.defaultMode)
        }
        if rendered.reduce(0, { $0 + $1.file.contents.count }) > Limits.maxMountBytes {
            throw MountError(
                .invalidArgument,
                "the mount's files add up to more than \(Limits.maxMountBytes) bytes, the limit for one volume")
        }
        try VolumeLayout.checkPaths(rendered.map(\.file.path))
        return rendered
    }
}

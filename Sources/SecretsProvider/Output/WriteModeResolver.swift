import Logging
import ProviderConfiguration
import ProviderValues

/// Who writes a mount's files. The daemon writes only into the driver's volume of the pod that asks: a tmpfs mount
/// point at `<kubelet-dir>/pods/<pod uid>/volumes/kubernetes.io~csi/<volume>/mount`; in auto mode a directory that is
/// not a tmpfs mount point goes back to the driver (docs/write-modes.md has the table).
struct WriteModeResolver: Sendable {
    let settings: ProviderSettings
    /// Targets already logged as not being the driver's volume.
    private let plainTargets = OncePerKey()

    init(settings: ProviderSettings) {
        self.settings = settings
    }

    /// The write mode for `targetPath`, a volume of the pod `podUID`.
    func mode(for targetPath: String, podUID: String, logger: Logger) throws -> WriteMode {
        switch settings.writeMode {
        case .driver:
            return .driver
        case .auto where !TargetDirectory.isExistingDirectory(targetPath):
            return .driver
        case .auto, .provider:
            guard settings.confinedToKubeletPods else { return .provider }
            try TargetDirectory.checkConfined(targetPath, kubeletDirectory: settings.kubeletDirectory, podUID: podUID)
            guard let reason = TargetDirectory.notTheDriversVolume(targetPath) else { return .provider }
            if settings.writeMode == .provider { throw TargetDirectory.notTheDriversVolumeError(targetPath) }
            if plainTargets.firstTime(targetPath) {
                logger.info(
                    "target_path is not the driver's tmpfs volume: the files go back to the driver",
                    metadata: [
                        "target_path": "\(targetPath)", "reason": "\(reason)",
                    ])
            }
            return .driver
        }
    }

    /// File ownership can only be set by the provider writing the files itself.
    static func checkOwnership(of configuration: MountConfiguration, in mode: WriteMode) throws {
        guard mode != .provider,
            let owned = configuration.objects.first(where: { $0.fileOwner != nil || $0.fileGroup != nil })
        else { return }
        throw MountError(
            .invalidArgument,
            "object \(Quoted(owned.objectName)): fileOwner and fileGroup need provider write mode "
                + """
                (-write-mode=provider, or auto with the kubelet's pods directory mounted); the Secrets Store CSI \
                driver cannot set file ownership
                """
        )
    }
}

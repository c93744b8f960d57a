import Foundation
import Logging
import ProviderServer
import ProviderTestSupport
import SecretsProvider
import ServiceLifecycle
import Synchronization
import VaultClient

/// Every log line the provider emitted, captured in memory so tests can assert on it.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// A logger at trace level writing here.
    func logger() -> Logger {
        var logger = Logger(label: "vault-csi-provider") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}

/// A swift-log handler that renders message and metadata into `LogCapture`.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append("\(event.level) \(event.message) \(all)")
    }
}

/// The provider served in-process on a real Unix socket, with a kubelet directory of its own.
final class ProviderHarness: Sendable {
    let socketPath: String
    let workDirectory: String
    let kubeletDirectory: String
    let logs = LogCapture()
    let driver: DriverClient
    private let provider: MountPipeline
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// The daemon's pipeline over a pool of HTTP clients to Vault, as the executable wires it.
    init(
        maxConcurrentVaultRequests: Int = VaultClientPool.defaultMaxConcurrentRequests,
        transport: VaultTransportSettings = VaultTransportSettings(),
        settings: (String) -> ProviderSettings, tokenSource: (any ServiceAccountTokenSource)? = nil,
        versionKeySource: (any VersionKeySource)? = nil
    ) async throws {
        workDirectory =
            FileManager.default.temporaryDirectory.appendingPathComponent("provider-it-\(UUID().uuidString.prefix(8))")
            .path
        kubeletDirectory = workDirectory + "/kubelet"
        try FileManager.default.createDirectory(atPath: kubeletDirectory + "/pods", withIntermediateDirectories: true)
        socketPath = workDirectory + "/providers/vault.sock"
        let logger = logs.logger()
        let vault = VaultClientPool(
            maxConcurrentRequests: maxConcurrentVaultRequests, transport: transport, logger: logger)
        let provider = MountPipeline(
            settings: settings(kubeletDirectory), vault: vault, tokenSource: tokenSource,
            versionKeySource: versionKeySource, logger: logger)
        self.provider = provider
        let serving = ServingState()
        let service = ProviderGRPCService(
            socketPath: socketPath,
            services: [CSIDriverProviderService(provider: provider, logger: logger, serving: serving)],
            logger: logger, state: serving)
        group = ServiceGroup(services: [service], logger: logger)
        let group = self.group
        running = Task { try await group.run() }
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard ContinuousClock.now < deadline else { throw TestSupportError("the provider did not listen") }
            try await Task.sleep(for: .milliseconds(10))
        }
        driver = try DriverClient(socketPath: socketPath)
    }

    /// A target path as the kubelet makes one. With `create`, it is given the driver's shape: a tmpfs mounted there.
    func targetPath(podUID: String, volume: String = "secrets", create: Bool = true) throws -> String {
        let path = "\(kubeletDirectory)/pods/\(podUID)/volumes/kubernetes.io~csi/\(volume)/mount"
        if create { try TmpfsVolume.mount(at: path) }
        return path
    }

    /// A target path that is a plain directory on the node's disk: what the provider sees when mount propagation
    /// is broken.
    func plainTargetPath(podUID: String, volume: String = "secrets") throws -> String {
        let path = try targetPath(podUID: podUID, volume: volume, create: false)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func stop() async {
        await driver.close()
        await group.triggerGracefulShutdown()
        _ = await running.result
        await provider.shutdown()
        LeakWatch.shared.record(logs.text, source: "the in-process provider's log")
        TmpfsVolume.unmountAll(under: workDirectory)
        try? FileManager.default.removeItem(atPath: workDirectory)
    }
}

/// Reads a file as text, or nil.
func readText(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

/// A file's permission bits, following symlinks as an application reading the volume does.
func fileMode(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mode) & 0o777
}

import Foundation
import ProviderTestSupport

/// Everything the benchmark runs against: OpenBao and the Kubernetes stand-in, the delay proxy in front of OpenBao,
/// and the provider under test (reaching OpenBao through the proxy), with a driver client on its socket.
final class BenchRig {
    let environment: DemoEnvironment
    let proxy: DelayProxy
    let provider: ProviderProcess
    let driver: DriverClient
    let benchClass: BenchClass
    /// The provider's flags, apart from `-endpoint`.
    let providerArguments: [String]
    /// Scratch directory: kubeconfig, provider log, the kubelet directory (whose target paths are never created).
    let work: String
    private var providerStopped = false

    private init(
        environment: DemoEnvironment, proxy: DelayProxy, provider: ProviderProcess, driver: DriverClient,
        benchClass: BenchClass, providerArguments: [String], work: String
    ) {
        self.environment = environment
        self.proxy = proxy
        self.provider = provider
        self.driver = driver
        self.benchClass = benchClass
        self.providerArguments = providerArguments
        self.work = work
    }

    /// Starts and configures everything; whatever was started is stopped again if a later step fails.
    static func start(options: BenchOptions) async throws -> BenchRig {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("provider-bench-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: "\(work)/kubelet/pods", withIntermediateDirectories: true)
        let environment: DemoEnvironment
        do {
            environment = try await DemoEnvironment.start()
        } catch {
            try? FileManager.default.removeItem(atPath: work)
            throw error
        }
        var proxy: DelayProxy?
        do {
            let benchClass = BenchClass(objects: options.objects)
            try await Self.writeSecrets(environment, benchClass: benchClass)
            guard let target = URL(string: environment.bao.address), let host = target.host, let port = target.port
            else {
                throw TestSupportError("cannot parse OpenBao's address \(environment.bao.address)")
            }
            let started = try await DelayProxy.start(
                targetHost: host, targetPort: port, delay: .milliseconds(options.delayMilliseconds))
            proxy = started
            let kubeconfig = "\(work)/kubeconfig"
            try environment.kubernetes.kubeconfig().write(toFile: kubeconfig, atomically: true, encoding: .utf8)
            let arguments = [
                "-vault-addr=\(started.address)", "-kubelet-dir=\(work)/kubelet", "-write-mode=driver",
                "-kubeconfig=\(kubeconfig)", "-log-level=info",
            ]
            // Its idle RSS should not depend on how much of the binary the last build left in the page cache.
            PageCache.evict(path: options.providerPath)
            let provider = try await ProviderProcess.start(
                executable: options.providerPath, socketPath: "\(work)/providers/vault.sock", arguments: arguments,
                logPath: "\(work)/provider.log")
            let driver: DriverClient
            do {
                driver = try DriverClient(socketPath: provider.socketPath)
            } catch {
                await provider.stop()
                throw error
            }
            return BenchRig(
                environment: environment, proxy: started, provider: provider, driver: driver,
                benchClass: benchClass, providerArguments: arguments, work: work)
        } catch {
            await proxy?.stop()
            await environment.stop()
            try? FileManager.default.removeItem(atPath: work)
            throw error
        }
    }

    /// A fresh service-account token for `pod` with audience `vault`, as the driver passes on each mount.
    func token(for pod: BenchPod) -> String {
        environment.kubernetes.mintServiceAccountToken(
            namespace: BenchPod.namespace, serviceAccount: BenchPod.serviceAccount, podName: pod.name, podUID: pod.uid,
            audiences: ["vault"])
    }

    /// The pod's volume target path; it does not exist, so the provider hands the files back (driver mode).
    func targetPath(for pod: BenchPod) -> String {
        "\(work)/kubelet/pods/\(pod.uid)/volumes/kubernetes.io~csi/secrets-store-inline/mount"
    }

    /// Mounts the class for `pod` with a freshly minted token and checks that every object came back.
    func mount(_ pod: BenchPod) async throws {
        try await Self.mount(
            driver: driver, attributes: benchClass.attributes(pod: pod, token: token(for: pod)),
            targetPath: targetPath(for: pod), objects: benchClass.objects)
    }

    /// One `Mount` call; throws unless the answer carries exactly `objects` files.
    static func mount(driver: DriverClient, attributes: String, targetPath: String, objects: Int) async throws {
        let response = try await driver.mount(attributes: attributes, targetPath: targetPath)
        guard response.files.count == objects else {
            throw TestSupportError("the mount returned \(response.files.count) files, expected \(objects)")
        }
    }

    /// The last part of the provider's log, for error reports.
    var providerLogTail: String {
        String(provider.logContents.suffix(4000))
    }

    /// Stops the provider (and the driver connection) only; idempotent.
    func stopProvider() async {
        guard !providerStopped else { return }
        providerStopped = true
        await driver.close()
        await provider.stop()
    }

    /// Stops everything and removes the scratch directory.
    func stop() async {
        await stopProvider()
        await proxy.stop()
        await environment.stop()
        try? FileManager.default.removeItem(atPath: work)
    }

    /// Rewrites policy `app` so the role may read the benchmark's secrets, and writes them.
    private static func writeSecrets(_ environment: DemoEnvironment, benchClass: BenchClass) async throws {
        try await VaultTestSetup.writePolicy(
            environment.bao, name: benchClass.role,
            hcl: """
                path "secret/data/app" { capabilities = ["read"] }
                path "secret/data/config" { capabilities = ["read"] }
                path "secret/data/bench-*" { capabilities = ["read"] }
                """)
        for index in 0..<benchClass.objects {
            try await VaultTestSetup.putKV2(
                environment.bao, path: BenchClass.secretName(index), data: ["value": BenchClass.value(index)])
        }
    }
}

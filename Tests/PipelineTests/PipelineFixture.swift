import Foundation
import InMemoryVault
import Logging
import MetricsTestKit
import ProviderConfiguration
import ProviderValues
import SecretsProvider

/// The mount pipeline wired to an in-memory Vault and a test clock, in driver write mode: mounts return their files.
struct PipelineFixture {
    let vault: InMemoryVault
    let clock: TestClock
    let provider: MountPipeline
    /// The provider's metrics.
    let metrics = TestMetrics()
    /// The provider's log lines, with `PIPELINE_LOGS` set also printed.
    let logs = PipelineLogs()

    /// A Vault with KV v2 at `secret`, KV v1 at `kv`, database credentials at `database` (1 h leases) and PKI at
    /// `pki`; role `app` at `kubernetes` binds `default/app-sa`. `configure` changes the provider's settings.
    init(
        cacheSize: Int = 1000, maxConcurrentReads: Int = 16, revokeOnPodDelete: Bool = true,
        configure: (inout ProviderSettings) -> Void = { _ in }
    ) async {
        clock = TestClock()
        vault = InMemoryVault(clock: clock)
        await vault.enable(.kv2, at: "secret")
        await vault.enable(.kv1, at: "kv")
        await vault.enable(.database(leaseSeconds: 3600, maxLeaseSeconds: 86_400), at: "database")
        await vault.enable(.pki(ttlSeconds: 86_400), at: "pki")
        await vault.addRole("app", VaultRole(boundServiceAccounts: ["default/app-sa"]))
        var settings = ProviderSettings(
            vault: VaultSettings(address: "http://vault.in-memory:8200"), writeMode: .driver,
            maxConcurrentReads: maxConcurrentReads, cacheSize: cacheSize)
        settings.revokeOnPodDelete = revokeOnPodDelete
        configure(&settings)
        // Mount failures are what these tests assert; their log lines would only be noise.
        let logs = logs
        let printed = ProcessInfo.processInfo.environment["PIPELINE_LOGS"] != nil
        var logger = Logger(label: "pipeline-test") { label in
            printed
                ? MultiplexLogHandler([logs, StreamLogHandler.standardError(label: label)]) : logs as any LogHandler
        }
        logger.logLevel = .trace
        provider = MountPipeline(
            settings: settings, vault: vault, clock: clock.cacheClock, metrics: ProviderMetrics(factory: metrics),
            logger: logger)
    }

    /// A service-account JWT as the driver passes it (the in-memory Vault's unsigned kind).
    static func jwt(namespace: String = "default", serviceAccount: String = "app-sa", audience: String = "vault")
        -> String
    {
        InMemoryVault.serviceAccountJWT(namespace: namespace, serviceAccount: serviceAccount, audience: audience)
    }

    /// Mounts `objects` (the class's YAML) for pod `uid` with `parameters` added; `budget` is the mount's deadline.
    func mount(
        _ objects: String, pod uid: String = "pod-1", volume: String = "secrets", parameters: [String: String] = [:],
        serviceAccount: String = "app-sa", budget: Duration = .seconds(30)
    ) async throws -> MountResult {
        var attributes = ["roleName": "app", "objects": objects].merging(parameters) { $1 }
        attributes["secretProviderClass"] = "app"
        attributes["csi.storage.k8s.io/pod.name"] = "app-\(uid)"
        attributes["csi.storage.k8s.io/pod.namespace"] = "default"
        attributes["csi.storage.k8s.io/pod.uid"] = uid
        attributes["csi.storage.k8s.io/serviceAccount.name"] = serviceAccount
        let tokens = JSONValue.object([
            "vault": .object([
                "token": .string(Self.jwt(serviceAccount: serviceAccount)),
                "expirationTimestamp": .string("2099-01-01T00:00:00Z"),
            ])
        ])
        attributes["csi.storage.k8s.io/serviceAccount.tokens"] = tokens.canonicalJSON
        let json = JSONValue.object(attributes.mapValues(JSONValue.string)).canonicalJSON
        return try await provider.mount(
            MountRequest(
                attributes: json, secrets: "{}",
                targetPath: "/var/lib/kubelet/pods/\(uid)/volumes/kubernetes.io~csi/\(volume)/mount",
                permission: "420", deadline: .now + budget))
    }
}

extension MountResult {
    /// The text of the file at `path`, or nil.
    func text(_ path: String) -> String? {
        files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) }
    }
}

import FoundationEssentials
import KubernetesClient
import Logging
import Prometheus
import ProviderCommandLine
import ProviderConfiguration
import ProviderServer
import ProviderValues
import ProviderWiring
import SecretsProvider
import ServiceLifecycle
import VaultClient

#if canImport(Glibc)
    import Glibc
#endif

/// `vault-csi-provider`: ProviderCommandLine parses the command line and runs the commands; serving is wired here.
@main
enum VaultCSIProvider {
    static func main() async {
        exit(
            await ProviderCommand.run(
                Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                version: BuildInfo.version, streams: .standard, serve: serve))
    }

    private static func serve(_ options: ServeOptions) async throws {
        let level = options.logLevel
        LoggingSystem.bootstrap { [format = options.logFormat] label in
            guard let level else { return SwiftLogNoOpLogHandler() }
            return format.handler(label: label, level: level)
        }
        let logger = Logger(label: "vault-csi-provider")
        logger.info(
            "starting",
            metadata: [
                "version": "\(BuildInfo.version)", "endpoint": "\(options.endpoint)",
                "write_mode": "\(options.settings.writeMode.rawValue)", "kubernetes": "\(options.kubernetes)",
                "vault_addr": "\(options.settings.vault.address ?? ProviderSettings.defaultVaultAddress)",
                "health_addr": "\(options.healthAddress)",
            ])
        let registry = PrometheusCollectorRegistry()
        let kubernetes = try KubernetesConfig.load(from: options.kubernetes).map {
            try KubernetesAPIClient(config: $0, proxies: options.proxies, logger: logger)
        }
        let metricsFactory = PrometheusMetricsFactory(registry: registry)
        let vault = VaultClientPool(
            maxConcurrentRequests: options.maxConcurrentVaultRequests, transport: options.vaultTransport,
            metrics: VaultMetrics(factory: metricsFactory), logger: logger)
        let provider = MountPipeline(
            settings: options.settings, vault: vault,
            tokenSource: kubernetes.map { KubernetesTokenSource(client: $0) },
            versionKeySource: kubernetes.map {
                KubernetesVersionKeySource(
                    client: $0, namespace: $0.config.namespace, secretName: options.hmacSecretName)
            },
            metrics: ProviderMetrics(factory: metricsFactory),
            logger: logger)
        let lifecycle = Self.podLifecycle(options: options, kubernetes: kubernetes, provider: provider, logger: logger)
        let serving = ServingState()
        let grpc = ProviderGRPCService(
            socketPath: options.endpoint,
            services: [CSIDriverProviderService(provider: provider, logger: logger, serving: serving)],
            logger: logger, state: serving)
        let vaultProbe = VaultHealthProbe(
            vault: options.settings.vault, transport: options.vaultTransport, logger: logger)
        let readiness = Readiness(serving: serving, probe: vaultProbe)
        let health = HealthServer(
            address: options.healthAddress, readiness: readiness, registry: registry, logger: logger)
        // Shut down in reverse order: the socket drains first, and the health endpoint answers (not ready) until then;
        // the renewals and the pod watch end last, so a Mount's revocation still runs. The clients close once all
        // services ended.
        var configuration = ServiceGroupConfiguration(
            services: lifecycle + [health, grpc],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = options.shutdownGracePeriod
        try await ServiceGroup(configuration: configuration).run()
        await readiness.shutdown()
        await provider.shutdown()
        await kubernetes?.shutdown()
        logger.info("stopped")
    }

    /// The node's pod watch and the background renewals, as services of the daemon's group, when a node name and
    /// Kubernetes access exist; said once when they do not.
    private static func podLifecycle(
        options: ServeOptions, kubernetes: KubernetesAPIClient?, provider: MountPipeline,
        logger: Logger
    ) -> [any Service] {
        guard let node = options.nodeName, let kubernetes else {
            logger.info(
                """
                no pod watch (it needs -node-name or NODE_NAME, and Kubernetes access): no background renewal, no \
                revocation when a pod is deleted
                """
            )
            return []
        }
        logger.info(
            "watching this node's pods",
            metadata: ["node": "\(node)", "revoke_on_pod_delete": "\(options.settings.revokeOnPodDelete)"])
        return [
            PodWatcher(source: kubernetes, node: node, events: provider, logger: logger),
            RenewalService(provider: provider),
        ]
    }
}

/// The Vault check is one of Readiness's probes.
extension VaultHealthProbe: ReadinessProbe {}

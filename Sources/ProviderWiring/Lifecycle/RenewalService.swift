import SecretsProvider
import ServiceLifecycle

/// The pipeline's background renewals as a service of the daemon's group: they run until cancelled or a graceful
/// shutdown, and the group returns only once they ended.
package struct RenewalService: Service {
    let provider: MountPipeline

    package init(provider: MountPipeline) {
        self.provider = provider
    }

    package func run() async {
        await cancelWhenGracefulShutdown { await provider.runRenewals() }
    }
}

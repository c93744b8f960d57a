import Logging
import ProviderConfiguration
import VaultClient

/// Readiness's Vault check: when a Vault address was set explicitly (flag or environment), Vault's `/v1/sys/health`
/// must answer 200, 429, 472 or 473 (active, standby, DR secondary, performance standby); with several addresses, at
/// one of them. The built-in default
/// address is never probed, so it never makes a node unready.
package struct VaultHealthProbe: Sendable {
    /// Statuses of `/v1/sys/health` that mean Vault can serve reads.
    static let readyVaultStatuses: Set<Int> = [200, 429, 472, 473]
    /// How long one probe may take.
    static let probeTimeout: Duration = .seconds(2)

    private let vault: VaultHTTPClient?
    private let setupProblem: String?

    /// nil when `vault` has no explicit address: nothing to probe.
    package init?(vault: VaultSettings, transport: VaultTransportSettings = VaultTransportSettings(), logger: Logger) {
        guard let address = vault.address else { return nil }
        do {
            self.vault = try VaultHTTPClient(address: address, tls: vault.tls, transport: transport, logger: logger)
            self.setupProblem = nil
        } catch {
            self.vault = nil
            self.setupProblem = "Vault \(address) cannot be probed: \(error)"
        }
    }

    /// nil when Vault can serve reads, else why not (addresses and statuses only). With several addresses, one that
    /// can serve reads is enough: mounts fail over to it.
    package func problem() async -> String? {
        if let setupProblem { return setupProblem }
        guard let vault else { return nil }
        let statuses = await vault.healthStatuses(timeout: Self.probeTimeout)
        if statuses.contains(where: { $0.status.map(Self.readyVaultStatuses.contains) ?? false }) { return nil }
        let problems = statuses.map { address, status in
            status.map { "Vault \(address) answered /v1/sys/health with \($0)" }
                ?? "Vault \(address) did not answer /v1/sys/health"
        }
        return problems.count == 1 ? problems[0] : "no Vault address is ready: " + problems.joined(separator: "; ")
    }

    /// Closes the probe's connections.
    package func shutdown() async {
        await vault?.shutdown()
    }
}

import Logging
import ProviderConfiguration
import VaultClient

/// What `/health/ready` checks: the socket is serving and, when a Vault address was set explicitly (flag or
/// environment), that Vault's `/v1/sys/health` answers 200, 429, 472 or 473 (active, standby, DR secondary,
/// performance standby). The built-in default address never makes a node unready.
public struct Readiness: Sendable {
    /// Statuses of `/v1/sys/health` that mean Vault can serve reads.
    static let readyVaultStatuses: Set<Int> = [200, 429, 472, 473]
    /// How long one Vault probe may take.
    static let probeTimeout: Duration = .seconds(2)

    private let serving: ServingState
    private let vault: VaultHTTPClient?
    private let vaultProblem: String?

    /// `vault` is the process's Vault settings; only an explicit address is probed.
    public init(serving: ServingState, vault: VaultSettings, transport: VaultTransportSettings = VaultTransportSettings(), logger: Logger) {
        self.serving = serving
        guard let address = vault.address else {
            self.vault = nil
            self.vaultProblem = nil
            return
        }
        do {
            self.vault = try VaultHTTPClient(address: address, tls: vault.tls, transport: transport, logger: logger)
            self.vaultProblem = nil
        } catch {
            self.vault = nil
            self.vaultProblem = "Vault \(address) cannot be probed: \(error)"
        }
    }

    /// nil when ready, else why not (no secrets: addresses and statuses only).
    public func check() async -> String? {
        guard serving.isServing else { return "the gRPC socket is not serving" }
        if let vaultProblem { return vaultProblem }
        guard let vault else { return nil }
        guard let status = await vault.healthStatus(timeout: Readiness.probeTimeout) else {
            return "Vault \(vault.address) did not answer /v1/sys/health"
        }
        return Readiness.readyVaultStatuses.contains(status) ? nil : "Vault \(vault.address) answered /v1/sys/health with \(status)"
    }

    /// Closes the probe's connections.
    public func shutdown() async {
        await vault?.shutdown()
    }
}

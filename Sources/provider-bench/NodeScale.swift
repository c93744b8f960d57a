import Foundation
import ProviderTestSupport
import ProviderValues
import Synchronization

/// (h) A node that boots with its pods: `pods` new pods mount at once over one new connection to a fresh provider
/// started with `-max-concurrent-vault-requests=<limit>`, once per limit.
struct NodeScale {
    /// One limit's figures.
    struct Result: Sendable {
        var limit: Int
        var total: Double
        var latencies: [Double]
        var errors: Int
        var firstError: String?
        var peakRSS: Int?
        /// The largest value of the in-flight gauge seen on /metrics, sampled every 10 ms.
        var mostInFlight: Int
        var counts: VaultCounts
    }

    let rig: BenchRig
    let pods: Int

    /// Starts a provider with `limit`, runs the burst, stops the provider.
    func measure(limit: Int, providerPath: String) async throws -> Result {
        let socket = "\(rig.work)/node-\(limit)/vault.sock"
        let arguments = rig.providerArguments + ["-max-concurrent-vault-requests=\(limit)"]
        PageCache.evict(path: providerPath)
        let provider = try await ProviderProcess.start(
            executable: providerPath, socketPath: socket, arguments: arguments, logPath: "\(rig.work)/node-\(limit).log"
        )
        let metrics = "http://127.0.0.1:\(try await provider.healthPort())/metrics"
        let requests = (0..<pods).map { _ in
            let pod = BenchPod.fresh()
            return (
                attributes: rig.benchClass.attributes(pod: pod, token: rig.token(for: pod)),
                target: rig.targetPath(for: pod)
            )
        }
        let objects = rig.benchClass.objects
        let driver = try DriverClient(socketPath: socket)
        let gauge = GaugeSampler(url: metrics, name: "vault_csi_provider_vault_requests_in_flight")
        let sampling = Task { await gauge.run() }
        let before = VaultCounts.now(rig.environment)
        let started = ContinuousClock.now
        let outcomes = await ConcurrentMounts.run(requests, driver: driver, objects: objects)
        let total = started.duration(to: .now).fractionalMilliseconds
        sampling.cancel()
        await sampling.value
        let counts = VaultCounts.now(rig.environment).since(before)
        let peak = ProcessMemory.peak(pid: provider.processIdentifier)
        await driver.close()
        await provider.stop()
        let failures = outcomes.compactMap(\.error)
        return Result(
            limit: limit, total: total, latencies: outcomes.filter { $0.error == nil }.map(\.milliseconds),
            errors: failures.count,
            firstError: failures.first, peakRSS: peak, mostInFlight: gauge.maximum, counts: counts)
    }
}

/// Reads one gauge from a Prometheus text endpoint every few milliseconds and keeps the largest value.
final class GaugeSampler: Sendable {
    private let url: String
    private let name: String
    private let largest = Mutex(0)

    init(url: String, name: String) {
        self.url = url
        self.name = name
    }

    var maximum: Int { largest.withLock { $0 } }

    /// Samples until the task is cancelled.
    func run(every interval: Duration = .milliseconds(10)) async {
        while !Task.isCancelled {
            if let body = try? await PlainHTTP.get(url).body {
                for line in body.split(separator: "\n") where line.hasPrefix(name + " ") {
                    if let value = Double(line.split(separator: " ").last ?? "") {
                        largest.withLock { $0 = max($0, Int(value)) }
                    }
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}

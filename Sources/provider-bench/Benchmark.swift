import Foundation
import ProviderTestSupport
import ProviderValues

/// Runs measurements (a) to (g) against one rig and returns the figures.
struct Benchmark {
    let options: BenchOptions

    /// Starts the rig, measures, and stops every process it started, also when a step fails.
    func run() async throws -> BenchResults {
        progress(
            "starting OpenBao, the Kubernetes stand-in, the \(options.delayMilliseconds) ms proxy and the provider")
        let rig = try await BenchRig.start(options: options)
        let direct = DirectVaultClient(address: rig.proxy.address, role: rig.benchClass.role)
        let outcome: Result<BenchResults, any Error>
        do {
            outcome = .success(try await measure(rig, direct: direct))
        } catch {
            if !Task.isCancelled {
                FileHandle.standardError.write(Data("provider log (tail):\n\(rig.providerLogTail)\n".utf8))
            }
            outcome = .failure(error)
        }
        // In a task of its own, so a cancelled run (Ctrl-C) still waits for every process to stop.
        await Task {
            await direct.shutdown()
            await rig.stop()
        }.value
        return try outcome.get()
    }

    private func measure(_ rig: BenchRig, direct: DirectVaultClient) async throws -> BenchResults {
        var results = BenchResults()
        let pid = rig.provider.processIdentifier
        try await Task.sleep(for: .milliseconds(500))
        results.idleRSS = ProcessMemory.resident(pid: pid)
        // A node's idle provider answers kubelet's readiness probes, each of which asks Vault.
        let health = "http://127.0.0.1:\(try await rig.provider.healthPort())/health/ready"
        for _ in 0..<3 { _ = try await PlainHTTP.get(health) }
        try await Task.sleep(for: .milliseconds(200))
        results.probedRSS = ProcessMemory.resident(pid: pid)

        progress("warming up (not measured)")
        let paths = (0..<options.objects).map(BenchClass.apiPath)
        try await direct.loginAndRead(jwt: rig.token(for: .fresh()), paths: paths)
        try await warmUpMount(rig)

        progress("(a) direct, (b) cold mount, (c) warm remount: \(options.runs) runs, interleaved")
        for run in 1...options.runs {
            try Task.checkCancellation()
            let pod = BenchPod.fresh()
            let jwt = rig.token(for: .fresh())
            var before = VaultCounts.now(rig.environment)
            var started = ContinuousClock.now
            try await direct.loginAndRead(jwt: jwt, paths: paths)
            results.direct.append(started.duration(to: .now).fractionalMilliseconds)
            results.directCounts.append(VaultCounts.now(rig.environment).since(before))

            for (isCold, pass) in [(true, "cold"), (false, "warm")] {
                let attributes = rig.benchClass.attributes(pod: pod, token: rig.token(for: pod))
                before = VaultCounts.now(rig.environment)
                started = ContinuousClock.now
                do {
                    try await BenchRig.mount(
                        driver: rig.driver, attributes: attributes, targetPath: rig.targetPath(for: pod),
                        objects: options.objects)
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    throw TestSupportError("\(pass) mount, run \(run): \(error)")
                }
                let elapsed = started.duration(to: .now).fractionalMilliseconds
                let counts = VaultCounts.now(rig.environment).since(before)
                if isCold {
                    results.cold.append(elapsed)
                    results.coldCounts.append(counts)
                } else {
                    results.warm.append(elapsed)
                    results.warmCounts.append(counts)
                }
            }
        }

        progress("(d) \(options.bursts) bursts of \(options.concurrentMounts) concurrent mounts of distinct pods")
        let sampler = RSSSampler(pid: pid)
        for _ in 0..<options.bursts {
            try Task.checkCancellation()
            results.bursts.append(await burst(rig, sampler: sampler))
        }
        results.burstMaxRSS = sampler.maximum > 0 ? sampler.maximum : nil
        results.peakRSS = ProcessMemory.peak(pid: pid)
        await rig.stopProvider()

        let nodeScale = NodeScale(rig: rig, pods: options.nodePods)
        for limit in options.vaultLimits {
            try Task.checkCancellation()
            progress("(h) \(options.nodePods) new pods at once, -max-concurrent-vault-requests=\(limit)")
            results.nodeScale.append(try await nodeScale.measure(limit: limit, providerPath: options.providerPath))
        }

        progress("(g) \(options.starts) provider starts, exec to first Version answer")
        results.startups = try await StartupProbe.measure(
            executable: options.providerPath, arguments: rig.providerArguments, directory: "\(rig.work)/starts",
            count: options.starts)
        return results
    }

    /// One mount for a new pod, with its file contents checked, so the provider's first-use work is not measured.
    private func warmUpMount(_ rig: BenchRig) async throws {
        let pod = BenchPod.fresh()
        let response = try await rig.driver.mount(
            attributes: rig.benchClass.attributes(pod: pod, token: rig.token(for: pod)),
            targetPath: rig.targetPath(for: pod))
        let contents = Dictionary(response.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) }) {
            first, _ in first
        }
        for index in 0..<options.objects where contents["secret-\(index)"] != BenchClass.value(index) {
            throw TestSupportError(
                "warm-up mount: file secret-\(index) is missing or wrong (files: \(contents.keys.sorted()))")
        }
    }

    /// (d): `concurrentMounts` mounts of distinct new pods, all started at once; RSS sampled meanwhile.
    private func burst(_ rig: BenchRig, sampler: RSSSampler) async -> BenchResults.Burst {
        let objects = options.objects
        let requests = (0..<options.concurrentMounts).map { _ in
            let pod = BenchPod.fresh()
            return (
                attributes: rig.benchClass.attributes(pod: pod, token: rig.token(for: pod)),
                target: rig.targetPath(for: pod)
            )
        }
        let driver = rig.driver
        let before = VaultCounts.now(rig.environment)
        let sampling = Task { await sampler.run() }
        let started = ContinuousClock.now
        let outcomes = await ConcurrentMounts.run(requests, driver: driver, objects: objects)
        let total = started.duration(to: .now).fractionalMilliseconds
        sampling.cancel()
        await sampling.value
        let failures = outcomes.compactMap(\.error)
        return BenchResults.Burst(
            total: total, latencies: outcomes.filter { $0.error == nil }.map(\.milliseconds), errors: failures.count,
            firstError: failures.first, counts: VaultCounts.now(rig.environment).since(before))
    }
}

import Foundation
import ProviderTestSupport

/// `make soak`: mounts without pause for a fixed time, as a busy node would, and samples the provider's resident
/// memory and open file descriptors along the way. Once the caches are warm both must stay flat.
struct SoakRun {
    let options: BenchOptions
    let seconds: Int

    /// One sample of the provider process.
    struct Sample: Sendable {
        let elapsed: Duration
        let mounts: Int
        let residentKiB: Int?
        let descriptors: Int?
    }

    struct Results: Sendable {
        var samples: [Sample] = []
        var mounts = 0
        var errors: [String] = []
    }

    /// What `--check` tolerates after the warm-up. A leak of one descriptor or a few KiB per mount exceeds both
    /// within seconds; pool connections coming and going and allocator noise stay under them.
    enum Limits {
        static let descriptors = 4
        static let residentMiB = 3
    }

    /// A node's steady work: 32 pods remounted in turn (rotation), 8 at a time, and every tenth mount a new pod
    /// (with `--check`, no new pods: every cache is warm after the warm-up, so nothing may grow).
    func run() async throws -> Results {
        progress("starting OpenBao, the Kubernetes stand-in, the proxy and the provider")
        let rig = try await BenchRig.start(options: options)
        let outcome: Result<Results, any Error>
        do {
            outcome = .success(try await soak(rig))
        } catch {
            outcome = .failure(error)
        }
        await Task { await rig.stop() }.value
        return try outcome.get()
    }

    private func soak(_ rig: BenchRig) async throws -> Results {
        let pid = rig.provider.processIdentifier
        var results = Results()
        var pods = (0..<32).map { _ in BenchPod.fresh() }
        progress("warming up: one mount per pod, 8 at a time, as the run goes on")
        for start in stride(from: 0, to: pods.count, by: 8) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for pod in pods[start..<start + 8] {
                    let call = (
                        attributes: rig.benchClass.attributes(pod: pod, token: rig.token(for: pod)),
                        target: rig.targetPath(for: pod)
                    )
                    let (driver, objects) = (rig.driver, rig.benchClass.objects)
                    group.addTask {
                        try await BenchRig.mount(
                            driver: driver, attributes: call.attributes, targetPath: call.target, objects: objects)
                    }
                }
                try await group.waitForAll()
            }
        }
        let started = ContinuousClock.now
        let deadline = started + .seconds(seconds)
        func sample() {
            results.samples.append(
                Sample(
                    elapsed: started.duration(to: .now), mounts: results.mounts,
                    residentKiB: ProcessMemory.resident(pid: pid), descriptors: Self.openDescriptors(pid: pid)))
        }
        sample()
        progress("mounting for \(seconds) s")
        var nextSample = started + .seconds(max(1, seconds / 10))
        var turn = 0
        while ContinuousClock.now < deadline {
            try Task.checkCancellation()
            let batch = (0..<8).map { _ -> BenchPod in
                turn += 1
                if turn % 10 == 0, !options.soakCheck { pods[turn % pods.count] = BenchPod.fresh() }
                return pods[turn % pods.count]
            }
            let calls = batch.map { pod in
                (
                    attributes: rig.benchClass.attributes(pod: pod, token: rig.token(for: pod)),
                    target: rig.targetPath(for: pod)
                )
            }
            let driver = rig.driver
            let objects = rig.benchClass.objects
            let failures = await withTaskGroup(of: String?.self) { group in
                for call in calls {
                    group.addTask {
                        do {
                            try await BenchRig.mount(
                                driver: driver, attributes: call.attributes, targetPath: call.target, objects: objects)
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            results.mounts += batch.count
            results.errors += failures
            if ContinuousClock.now >= nextSample {
                sample()
                nextSample = nextSample + .seconds(max(1, seconds / 10))
            }
        }
        if results.samples.last?.mounts != results.mounts { sample() }
        return results
    }

    /// Why the run fails `--check`: errors, or growth past `Limits` up to the last sample. Descriptors count from the
    /// first sample (after the warm-up); memory from the first sample a quarter into the run, once the allocator
    /// settled.
    static func problems(_ results: Results) -> [String] {
        var problems = results.errors.isEmpty ? [] : ["\(results.errors.count) mounts failed"]
        guard let first = results.samples.first, let last = results.samples.last else {
            return problems + ["no samples"]
        }
        if let before = first.descriptors, let after = last.descriptors, after - before > Limits.descriptors {
            problems.append("open descriptors grew from \(before) to \(after)")
        }
        let settled = results.samples.first { $0.elapsed * 4 >= last.elapsed } ?? first
        if let before = settled.residentKiB, let after = last.residentKiB, after - before > Limits.residentMiB * 1024 {
            problems.append("RSS grew by \((after - before) / 1024) MiB, from \(before / 1024) to \(after / 1024) MiB")
        }
        return problems
    }

    /// Entries in `/proc/<pid>/fd`.
    static func openDescriptors(pid: Int32) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// The Markdown report: the samples, the drift from the first to the last, and the errors.
    static func report(_ results: Results, seconds: Int, check: Bool, command: String, machine: MachineInfo, date: Date)
        -> String
    {
        func mib(_ kib: Int?) -> String { kib.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a" }
        var lines = [
            "# Soak", "",
            check
                ? """
                Written by `make soak-check` (`provider-bench --soak --check`). The provider mounts without pause: \
                the same 32 pods
                """
                : """
                Written by `make soak` (`provider-bench --soak`). The provider (release build) mounts without \
                pause: 32 pods
                """,
            check
                ? "remounted in turn, 8 at a time, through the 5 ms proxy to OpenBao."
                : "remounted in turn, 8 at a time, and every tenth mount a new pod, through the 5 ms proxy to OpenBao.",
            """
            Resident memory and open descriptors are sampled after a warm-up (one mount per pod, 8 at a time) and \
            then every tenth
            """,
            "of the run.", "",
            "- date: \(ISO8601DateFormatter().string(from: date))",
            """
            - machine: \(machine.cores) cores (nproc), \(machine.cpuModel), Linux \(machine.kernel); \
            \(machine.openBao)
            """,
            "- command: `\(command)`",
            "- duration: \(seconds) s; mounts: \(results.mounts); errors: \(results.errors.count)", "",
            "| elapsed | mounts | RSS | open fds |", "| --- | --- | --- | --- |",
        ]
        for sample in results.samples {
            lines.append(
                """
                | \(sample.elapsed.components.seconds) s | \(sample.mounts) | \(mib(sample.residentKiB)) | \
                \(sample.descriptors.map(String.init) ?? "n/a") |
                """
            )
        }
        if let first = results.samples.first, let last = results.samples.last,
            let firstRSS = first.residentKiB, let lastRSS = last.residentKiB
        {
            lines += [
                "",
                """
                Drift from the first sample to the last: RSS \
                \(String(format: "%+.1f MiB", Double(lastRSS - firstRSS) / 1024)),\u{20}
                """
                    + "open fds \((last.descriptors ?? 0) - (first.descriptors ?? 0)).",
            ]
        }
        if !results.errors.isEmpty {
            lines += ["", "First errors:", ""] + results.errors.prefix(5).map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

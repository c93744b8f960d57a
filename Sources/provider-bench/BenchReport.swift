import Foundation

/// The Markdown report: run details, the results table and how to read it.
struct BenchReport {
    let options: BenchOptions
    let results: BenchResults
    let machine: MachineInfo
    let date: Date
    let loadAtEnd: String
    let command: String

    /// How the provider binary was built: `--build-kind`, else guessed from its path.
    var providerBuild: String {
        if let kind = options.buildKind { return kind }
        let path = options.providerPath
        if path.contains("/release/") || path.contains("-release/") { return "release" }
        if path.contains("/debug/") { return "debug" }
        return "unknown"
    }

    /// How this benchmark binary (the direct client of (a) runs in it) was built.
    static var benchBuild: String {
        #if DEBUG
            return "debug"
        #else
            return "release"
        #endif
    }

    var isDebug: Bool { providerBuild.contains("debug") || Self.benchBuild == "debug" }

    /// The results table alone.
    var table: String {
        let direct = Statistics.median(results.direct)
        var rows = [
            "| | measurement | result | vs (a) |",
            "| --- | --- | --- | --- |",
            row(
                "a", "direct client: 1 login + \(options.objects) sequential KV v2 reads", results.direct,
                against: direct),
            row("b", "provider cold mount, new pod (\(options.objects) objects)", results.cold, against: direct),
            row("c", "provider warm remount, same pod, fresh token", results.warm, against: direct),
        ]
        let latencies = results.bursts.flatMap(\.latencies)
        let mounts = options.concurrentMounts * results.bursts.count
        let errors = results.bursts.map(\.errors).reduce(0, +)
        let total = Statistics.median(results.bursts.map(\.total))
        let p50 = Statistics.percentile(latencies, 50)
        rows += [
            """
            | d | \(options.concurrentMounts) concurrent mounts, distinct new pods: total time (median of \
            \(results.bursts.count)) | \(ms(total)) | |
            """,
            """
            | d | throughput | \
            \(total > 0 ? String(format: "%.1f", Double(options.concurrentMounts) / total * 1000) : "-") mounts/s \
            | |
            """,
            """
            | d | latency p50 / p99 (\(latencies.count) mounts) | \(ms(p50)) / \
            \(ms(Statistics.percentile(latencies, 99))) | \(ratio(p50, direct)) (p50) |
            """,
            "| d | errors | \(errors) of \(mounts) | |",
            "| e | Vault requests / logins per mount: (a) direct | \(perMount(results.directCounts)) | |",
            "| e | (b) cold mount | \(perMount(results.coldCounts)) | |",
            "| e | (c) warm remount | \(perMount(results.warmCounts)) | |",
            """
            | e | (d) concurrent mount | \
            \(perMount(results.bursts.map(\.counts), mountsEach: options.concurrentMounts)) | |
            """,
            """
            | f | provider RSS idle, after start (its binary evicted from the page cache first) | \
            \(mib(results.idleRSS)) | |
            """,
            """
            | f | provider RSS idle, after 3 readiness probes (which ask Vault's /v1/sys/health) | \
            \(mib(results.probedRSS)) | |
            """,
            """
            | f | provider RSS max during (d) (sampled every 5 ms; lifetime peak VmHWM) | \
            \(mib(results.burstMaxRSS)) (\(mib(results.peakRSS))) | |
            """,
            """
            | g | provider start: exec to first `Version` answer (median of \(results.startups.count); min - max) \
            | \(ms(Statistics.median(results.startups))) (\(ms(results.startups.min() ?? 0)) - \
            \(ms(results.startups.max() ?? 0))) | |
            """,
        ]
        return rows.joined(separator: "\n")
    }

    /// (h): one row per `-max-concurrent-vault-requests` value.
    var nodeScaleTable: String {
        var rows = [
            """
            | -max-concurrent-vault-requests | total | throughput | latency p50 / p99 | errors | most Vault \
            requests in flight | Vault requests / logins per pod | peak RSS (VmHWM) |
            """,
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for result in results.nodeScale {
            let throughput =
                result.total > 0 ? String(format: "%.1f mounts/s", Double(options.nodePods) / result.total * 1000) : "-"
            rows.append(
                """
                | \(result.limit) | \(ms(result.total)) | \(throughput) | \
                \(ms(Statistics.percentile(result.latencies, 50))) /\u{20}
                """
                    + """
                    \(ms(Statistics.percentile(result.latencies, 99))) | \(result.errors) of \(options.nodePods) | \
                    \(result.mostInFlight) |\u{20}
                    """
                    + "\(perMount([result.counts], mountsEach: options.nodePods)) | \(mib(result.peakRSS)) |")
        }
        return rows.joined(separator: "\n")
    }

    /// The whole document.
    var markdown: String {
        var lines = ["# Benchmarks", ""]
        lines += [
            "Written by `make bench` (`provider-bench`). The figures that count come from a release build:",
            "`make bench` builds the provider with `-c release --static-swift-stdlib`, as it ships.",
            "",
        ]
        if isDebug {
            lines += [
                "> **DEBUG BUILD: these figures are not the provider's real performance.** They only show that the",
                "> benchmark works end to end. Run `make bench` for release figures.",
                "",
            ]
        }
        let errors = results.bursts.compactMap(\.firstError)
        lines += [
            "## Run",
            "",
            "- date: \(ISO8601DateFormatter().string(from: date))",
            """
            - machine: \(machine.cores) cores (nproc), \(machine.cpuModel), Linux \(machine.kernel); load average \
            \(machine.loadAverage) at the start, \(loadAtEnd) at the end (the cores are shared: OpenBao, the \
            Kubernetes stand-in, the proxy and the benchmark's client run on them too)
            """,
            "- build: provider \(providerBuild) (\(sizeOfProvider)); benchmark client \(Self.benchBuild)",
            "- Vault: \(machine.openBao), dev server (in memory), file audit device on",
            """
            - setup: \(options.objects) KV v2 secrets, one path each; proxy delay \(options.delayMilliseconds) ms \
            each way (\(2 * options.delayMilliseconds) ms per round trip); \(options.runs) runs of (a)-(c); \
            \(results.bursts.count) bursts of \(options.concurrentMounts) for (d); \(results.startups.count) \
            starts for (g)
            """,
            "- command: `\(command)`",
            "",
            "## Results",
            "",
            "Times are medians over the runs (min - max in brackets) unless the row says otherwise.",
            "",
            table,
            "",
        ]
        if let first = errors.first {
            lines += ["First error in (d): `\(first.replacingOccurrences(of: "\n", with: " ").prefix(300))`", ""]
        }
        if !results.nodeScale.isEmpty {
            lines += [
                "### (h) Node scale: \(options.nodePods) new pods at once",
                "",
                """
                A fresh provider per row, started with that `-max-concurrent-vault-requests`; all \
                \(options.nodePods) Mounts start at once over one new gRPC connection, as a node that boots with \
                its pods sends them. \"Most in flight\" is the largest value of \
                `vault_csi_provider_vault_requests_in_flight` read from `/metrics` every 10 ms (a lower bound of \
                the true maximum).
                """,
                "",
                nodeScaleTable,
                "",
            ]
            for result in results.nodeScale {
                if let first = result.firstError {
                    lines += [
                        """
                        First error in (h) at \(result.limit): \
                        `\(first.replacingOccurrences(of: "\n", with: " ").prefix(300))`
                        """,
                        "",
                    ]
                }
            }
        }
        lines += [
            "## How to read it",
            "",
            """
            - Every Vault request, the provider's and the direct client's, goes through a loopback proxy that \
            holds each chunk for the delay in each direction, standing for a Vault a few ms away. Connection \
            set-up is not delayed, and both sides keep their connections open between runs (each was warmed up \
            once, unmeasured).
            """,
            """
            - (a) is what an application doing its own Vault calls would pay: one Kubernetes login, then each read \
            waiting for the previous one. It is the yardstick: \"vs (a)\" is the median divided by (a)'s median; \
            below 1 is faster than the direct client.
            """,
            """
            - (b) is a pod's first mount: the provider logs in as that pod (a new uid, a freshly minted token), \
            then reads the objects concurrently (`-max-concurrent-reads`). It can beat (a) only through the \
            concurrent reads; the login still costs a round trip, plus the TokenReview Vault makes to the \
            Kubernetes stand-in.
            """,
            """
            - (c) is what rotation costs: the same pod mounts again with a fresh token; the cached Vault token is \
            used, so no login. (e) shows whether that happened: logins per mount should be 1 for (b) and 0 for \
            (c), and requests per mount should be 1 + objects for (b) and objects for (c).
            """,
            """
            - (d) starts \(options.concurrentMounts) mounts for distinct new pods at once over one gRPC \
            connection, as a node full of starting pods would. Its latencies include queueing behind the others, \
            and on a 2-core machine shared with OpenBao, the stand-in and the proxy it measures that machine as \
            much as the provider.
            """,
            """
            - (e) counts come from OpenBao's audit log (every answered request) and the stand-in's TokenReview \
            count (every Kubernetes-auth login), as deltas around each measured mount.
            """,
            """
            - (f) is the provider process's resident memory from `/proc/<pid>/status`. Most of it is pages of the \
            binary, so it depends on the page cache: the kernel maps cached pages around each page that faults in. \
            The benchmark evicts the binary from the page cache before starting it; started with the whole binary \
            cached (as right after a build), the same provider reads about 2 MiB more. (g) is the time from \
            starting the process to its first `Version` answer over the socket, which is how the driver sees it \
            come up.
            """,
            "- Nothing here is compared with a target: read the figures against the goals in the issue.",
            "",
        ]
        return lines.joined(separator: "\n")
    }

    private func row(_ label: String, _ what: String, _ values: [Double], against direct: Double) -> String {
        let median = Statistics.median(values)
        let range = "\(ms(values.min() ?? 0)) - \(ms(values.max() ?? 0))"
        return "| \(label) | \(what) | \(ms(median)) (\(range)) | \(ratio(median, direct)) |"
    }

    private func ratio(_ value: Double, _ base: Double) -> String {
        base > 0 ? String(format: "%.2f", value / base) : "-"
    }

    private func ms(_ value: Double) -> String {
        String(format: "%.1f ms", value)
    }

    private func mib(_ kib: Int?) -> String {
        kib.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a"
    }

    /// Mean requests and logins per mount over `counts`, each covering `mountsEach` mounts.
    private func perMount(_ counts: [VaultCounts], mountsEach: Int = 1) -> String {
        let mounts = Double(counts.count * mountsEach)
        guard mounts > 0 else { return "-" }
        let requests = Double(counts.map(\.requests).reduce(0, +)) / mounts
        let logins = Double(counts.map(\.logins).reduce(0, +)) / mounts
        return "\(count(requests)) / \(count(logins))"
    }

    private func count(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    private var sizeOfProvider: String {
        let size = (try? FileManager.default.attributesOfItem(atPath: options.providerPath)[.size] as? NSNumber)?
            .doubleValue
        return size.map { String(format: "%.1f MB binary", $0 / 1_000_000) } ?? "size unknown"
    }
}

import Foundation
import ProviderTestSupport

// `provider-bench`: the provider against direct Vault calls, side by side, in one run (see BenchOptions.usage).
let arguments = Array(CommandLine.arguments.dropFirst())
let options: BenchOptions
do {
    options = try BenchOptions.parse(arguments)
} catch is BenchOptions.HelpRequested {
    print(BenchOptions.usage)
    exit(0)
} catch {
    FileHandle.standardError.write(Data("provider-bench: \(error)\n\(BenchOptions.usage)\n".utf8))
    exit(2)
}

let date = Date()
let machine = MachineInfo.current()
if options.loadModel {
    do {
        var runs: [(fraction: String?, results: LoadModel.Results)] = []
        for fraction in [nil] + LoadModel.comparedFractions {
            var model = LoadModel(providerPath: options.providerPath)
            model.renewFraction = fraction
            runs.append((fraction, try await model.run()))
        }
        let table =
            LoadModel.table(runs, seconds: LoadModel(providerPath: "").seconds)
            + "\n- Run: \(ISO8601DateFormatter().string(from: date)), "
                + """
                \(machine.cores) cores, \(machine.cpuModel), \(machine.openBao); \
                `\(CommandLineText.render(arguments: CommandLine.arguments))`.
                """
        print(table)
        if let out = options.outPath {
            let text = try String(contentsOfFile: out, encoding: .utf8)
            guard let begin = text.range(of: LoadModel.beginMarker), let end = text.range(of: LoadModel.endMarker)
            else {
                throw TestSupportError("\(out) has no \(LoadModel.beginMarker) ... \(LoadModel.endMarker) section")
            }
            try (String(text[..<begin.upperBound]) + "\n" + table + "\n" + String(text[end.lowerBound...]))
                .write(toFile: out, atomically: true, encoding: .utf8)
        }
        exit(runs.allSatisfy { $0.results.errors == 0 } ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("provider-bench: \(error)\n".utf8))
        exit(1)
    }
}
if let seconds = options.soakSeconds {
    do {
        let results = try await SoakRun(options: options, seconds: seconds).run()
        let report = SoakRun.report(
            results, seconds: seconds, check: options.soakCheck,
            command: CommandLineText.render(arguments: CommandLine.arguments), machine: machine, date: date)
        print(report)
        if let out = options.outPath { try report.write(toFile: out, atomically: true, encoding: .utf8) }
        guard options.soakCheck else { exit(results.errors.isEmpty ? 0 : 1) }
        let problems = SoakRun.problems(results)
        print(
            problems.isEmpty
                ? "soak check passed: \(results.mounts) mounts, no errors, no growth past the limits"
                : "soak check FAILED: " + problems.joined(separator: "; "))
        exit(problems.isEmpty ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("provider-bench: \(error)\n".utf8))
        exit(1)
    }
}
do {
    // Ctrl-C or SIGTERM cancels the run; the benchmark then stops OpenBao, the proxy and the provider itself.
    let work = Task { try await Benchmark(options: options).run() }
    let trap = SignalTrap {
        FileHandle.standardError.write(Data("provider-bench: interrupted, stopping everything it started\n".utf8))
        work.cancel()
    }
    let results = try await work.value
    withExtendedLifetime(trap) {}
    let report = BenchReport(
        options: options, results: results, machine: machine, date: date, loadAtEnd: MachineInfo.loadAverage(),
        command: CommandLineText.render(arguments: CommandLine.arguments))
    print(report.table)
    if !results.nodeScale.isEmpty {
        print("\n(h) node scale, \(options.nodePods) new pods at once\n" + report.nodeScaleTable)
    }
    if report.isDebug { print("\n(debug build: not representative; `make bench` measures release builds)") }
    if let out = options.outPath {
        // The image's size is measured by `make image`, not here: a section from "## Image size" on is kept as it is.
        let kept =
            (try? String(contentsOfFile: out, encoding: .utf8)).flatMap { text in
                text.range(of: "\n## Image size").map { String(text[$0.lowerBound...]) }
            } ?? ""
        try (report.markdown + kept).write(toFile: out, atomically: true, encoding: .utf8)
        FileHandle.standardError.write(Data("provider-bench: wrote \(out)\n".utf8))
    }
} catch is CancellationError {
    FileHandle.standardError.write(Data("provider-bench: interrupted; everything it started is stopped\n".utf8))
    exit(130)
} catch {
    FileHandle.standardError.write(Data("provider-bench: \(error)\n".utf8))
    exit(1)
}

import Foundation
import ProviderTestSupport

/// The benchmark's command line: `--provider PATH [--out FILE] [--delay-ms 5] [--objects 10] [--runs 20] ...`.
struct BenchOptions: Sendable {
    var providerPath = ""
    var outPath: String?
    var delayMilliseconds = 5
    var objects = 10
    var runs = 20
    var concurrentMounts = 64
    var bursts = 3
    var starts = 7
    /// (h): new pods mounting at once, and the `-max-concurrent-vault-requests` values to run them under.
    var nodePods = 512
    var vaultLimits = [16, 64, 256]
    var buildKind: String?
    /// With `--soak SECONDS`: the soak run instead of the benchmark.
    var soakSeconds: Int?
    /// With `--check`: the soak keeps its 32 pods (no new ones) and fails when descriptors or memory grow.
    var soakCheck = false
    /// With `--load-model`: the load model of docs/agent-patterns.md instead of the benchmark.
    var loadModel = false

    static let usage = """
        usage: provider-bench --provider PATH [--out FILE] [--delay-ms 5] [--objects 10] [--runs 20]
                              [--concurrent 64] [--bursts 3] [--starts 7] [--node-pods 512] [--vault-limits 16,64,256]
                              [--build-kind TEXT] [--soak SECONDS [--check]] [--load-model]
          --provider    the vault-csi-provider binary to measure
          --out         also write the Markdown report to this file (docs/benchmarks.md)
          --delay-ms    one-way delay the proxy adds to each chunk in each direction (a round trip costs twice this)
          --objects     KV v2 secrets in the class, one path each
          --runs        repetitions of (a) direct, (b) cold mount and (c) warm remount, interleaved
          --concurrent  mounts of distinct pods started at once in (d)
          --bursts      repetitions of (d)
          --starts      provider starts timed in (g)
          --node-pods   new pods mounting at once in (h), over one new connection to a fresh provider
          --vault-limits  the -max-concurrent-vault-requests values (h) runs under, one fresh provider each
          --build-kind  how the provider was built, for the report (default: guessed from its path)
          --soak        instead of the benchmark, mount without pause for SECONDS and report RSS and open fds
                        (make soak)
          --check       with --soak: the same 32 pods throughout, and exit 1 when open fds grow by more than
                        \(SoakRun.Limits.descriptors) or RSS by more than \(SoakRun.Limits.residentMiB) MiB once settled
                        (make soak-check)
          --load-model  instead of the benchmark, an hour of a node compressed 60 times (renewals, reuse, revocation),
                        against OpenBao and PostgreSQL; with --out, its table replaces the measured section of that file
                        (docs/agent-patterns.md)
        OpenBao comes from BAO_BIN, else the package's .venv.
        """

    /// Parses `arguments` (without the program name); throws a usage error for anything unknown or out of range.
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var index = 0
        func value() throws -> String {
            guard index + 1 < arguments.count else { throw TestSupportError("\(arguments[index]) needs a value") }
            index += 1
            return arguments[index]
        }
        func count(_ name: String, minimum: Int) throws -> Int {
            let text = try value()
            guard let number = Int(text), number >= minimum else {
                throw TestSupportError("\(name) must be an integer >= \(minimum), not \(text)")
            }
            return number
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--provider": options.providerPath = try value()
            case "--out": options.outPath = try value()
            case "--delay-ms": options.delayMilliseconds = try count(argument, minimum: 0)
            case "--objects": options.objects = try count(argument, minimum: 1)
            case "--runs": options.runs = try count(argument, minimum: 1)
            case "--concurrent": options.concurrentMounts = try count(argument, minimum: 1)
            case "--bursts": options.bursts = try count(argument, minimum: 1)
            case "--starts": options.starts = try count(argument, minimum: 1)
            case "--node-pods": options.nodePods = try count(argument, minimum: 1)
            case "--vault-limits":
                let text = try value()
                let limits = text.split(separator: ",").compactMap { Int($0) }
                guard !limits.isEmpty, limits.allSatisfy({ $0 >= 1 }), limits.count == text.split(separator: ",").count
                else {
                    throw TestSupportError("--vault-limits takes integers >= 1 separated by commas, not \(text)")
                }
                options.vaultLimits = limits
            case "--build-kind": options.buildKind = try value()
            case "--soak": options.soakSeconds = try count(argument, minimum: 1)
            case "--check": options.soakCheck = true
            case "--load-model": options.loadModel = true
            case "-h", "--help": throw HelpRequested()
            default: throw TestSupportError("unknown argument \(argument)")
            }
            index += 1
        }
        guard !options.soakCheck || options.soakSeconds != nil else {
            throw TestSupportError("--check needs --soak SECONDS")
        }
        guard !options.providerPath.isEmpty else { throw TestSupportError("--provider is required") }
        guard FileManager.default.isExecutableFile(atPath: options.providerPath) else {
            throw TestSupportError("--provider \(options.providerPath) is not an executable file")
        }
        return options
    }

    /// `-h` / `--help` was given.
    struct HelpRequested: Error {}
}

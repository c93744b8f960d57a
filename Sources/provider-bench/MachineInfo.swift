import Foundation
import ProviderTestSupport

/// What the figures were measured on: cores, CPU model, kernel, load, OpenBao version.
struct MachineInfo: Sendable {
    var cores: Int
    var cpuModel: String
    var kernel: String
    var loadAverage: String
    var openBao: String

    /// Reads `/proc` now; asks `BAO_BIN version` when BAO_BIN is set.
    static func current() -> MachineInfo {
        let cpuinfo = ProcFile.text("/proc/cpuinfo") ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        var openBao = "OpenBao from the package's .venv"
        if let bao = ProcessInfo.processInfo.environment["BAO_BIN"], !bao.isEmpty,
            let output = try? CommandRunner.check(bao, ["version"])
        {
            openBao = output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return MachineInfo(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            cpuModel: (model ?? nil) ?? "unknown CPU",
            kernel: Self.firstLine("/proc/sys/kernel/osrelease") ?? "unknown",
            loadAverage: loadAverage(),
            openBao: openBao)
    }

    /// The 1, 5 and 15 minute load averages from `/proc/loadavg`.
    static func loadAverage() -> String {
        (firstLine("/proc/loadavg") ?? "").split(separator: " ").prefix(3).joined(separator: " ")
    }

    private static func firstLine(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").first.map(String.init)
    }
}

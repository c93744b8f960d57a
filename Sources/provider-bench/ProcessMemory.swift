import Foundation
import ProviderTestSupport

/// Resident memory of a process from `/proc/<pid>/status` (Linux), in KiB.
enum ProcessMemory {
    /// Current resident set size (`VmRSS`).
    static func resident(pid: Int32) -> Int? {
        field("VmRSS", pid: pid)
    }

    /// Peak resident set size over the process's life (`VmHWM`).
    static func peak(pid: Int32) -> Int? {
        field("VmHWM", pid: pid)
    }

    private static func field(_ name: String, pid: Int32) -> Int? {
        guard let text = ProcFile.text("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            // "VmRSS:\t   12345 kB"
            return line.dropFirst(name.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.flatMap {
                Int($0)
            }
        }
        return nil
    }
}

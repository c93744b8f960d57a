import Foundation
import ProviderConfiguration
import ProviderValues
import Synchronization

/// Watches a test run for leaks: every secret value and token a test used is registered, every text the provider
/// showed (log lines, error messages, metrics scrapes, command output) is recorded, and `takeFindings()` scans the
/// recorded texts for any registered secret, raw, JSON-escaped or base64-encoded.
///
/// The test-support pieces feed the shared watch on their own: the stand-in registers the tokens it mints and the
/// Secrets it stores, OpenBao registers what its raw audit log shows it handed out, and the driver client, the provider
/// process and the HTTP helper record what they saw. Integration tests check it in `tearDown`.
///
/// The shared watch is off until a test turns it on, so that the demo, `make bench` and `make soak` (which use the
/// same support code) pay nothing for it.
package final class LeakWatch: Sendable {
    /// The watch every test-support piece reports to; off until `enable()`.
    package static let shared = LeakWatch(enabled: false)

    /// A secret found in a recorded text (described without showing it), or a text the scan could not read.
    package struct Finding: Sendable, CustomStringConvertible {
        package let description: String
    }

    /// Totals over the watch's life, for the run's summary line.
    package struct Totals: Sendable {
        package var texts = 0
        package var bytes = 0
        package var findings = 0
        package var secrets = 0
    }

    /// Secrets shorter than this are not watched: they would match ordinary words.
    package static let minimumLength = 8

    private struct Watched {
        /// The kind of secret ("Vault token", "KV value"), for findings.
        let kind: String
        let bytes: [UInt8]
    }

    private struct State {
        /// Watched byte strings by their first eight bytes, so one pass over a text finds every candidate.
        var byPrefix: [UInt64: [Watched]] = [:]
        var known: Set<[UInt8]> = []
        var texts: [(source: String, text: String)] = []
        var files: [(path: String, source: String)] = []
        var totals = Totals()
    }

    private let state = Mutex(State())
    private let enabled: Atomic<Bool>

    /// A watch of its own (on), for tests of the watch itself.
    package convenience init() {
        self.init(enabled: true)
    }

    private init(enabled: Bool) {
        self.enabled = Atomic(enabled)
    }

    /// Turns the watch on: from now on secrets are registered and texts recorded.
    package func enable() {
        enabled.store(true, ordering: .relaxed)
    }

    /// Whether the watch registers and records anything.
    package var isEnabled: Bool { enabled.load(ordering: .relaxed) }

    /// Watches `value` (a secret or token of `kind`) from now on, with its JSON-escaped and base64 forms and, for a
    /// multi-line value such as a PEM key, each line of it.
    package func registerSecret(_ value: String, kind: String) {
        guard isEnabled, value.utf8.count >= Self.minimumLength else { return }
        let escaped = Self.jsonEscaped(value)
        var forms = Set([
            value, Data(value.utf8).base64EncodedString(), escaped, escaped.replacingOccurrences(of: "/", with: "\\/"),
        ])
        if value.contains("\n") {
            forms.formUnion(
                value.split(separator: "\n").map(String.init).filter { $0.count >= 16 && !$0.hasPrefix("-----") })
        }
        state.withLock { state in
            if state.known.insert(Array(value.utf8)).inserted { state.totals.secrets += 1 }
            for form in forms {
                let bytes = Array(form.utf8)
                guard bytes.count >= Self.minimumLength,
                    !(state.byPrefix[Self.prefix(bytes, 0)] ?? []).contains(where: { $0.bytes == bytes })
                else { continue }
                state.byPrefix[Self.prefix(bytes, 0), default: []].append(Watched(kind: kind, bytes: bytes))
            }
        }
    }

    /// Records a text the provider showed: a log, an error message, a metrics scrape, a command's output.
    package func record(_ text: String, source: String) {
        guard isEnabled, !text.isEmpty else { return }
        state.withLock { $0.texts.append((source, text)) }
    }

    /// Records the file at `path` (a process's log) as it will be when `takeFindings` next runs.
    package func watchFile(_ path: String, source: String) {
        guard isEnabled else { return }
        state.withLock { $0.files.append((path, source)) }
    }

    /// Scans every text recorded (and every watched file) since the last call for every secret registered so far,
    /// then forgets them. A watched file that can no longer be read is a finding too: the scan must see everything.
    package func takeFindings() -> [Finding] {
        let files = state.withLock { state in
            defer { state.files = [] }
            return state.files
        }
        var unread: [Finding] = []
        for file in files {
            if let text = try? String(contentsOfFile: file.path, encoding: .utf8) {
                record(text, source: file.source)
            } else {
                unread.append(Finding(description: "\(file.source): \(file.path) could not be read for the scan"))
            }
        }
        return unread
            + state.withLock { state in
                var findings: [Finding] = []
                for (source, text) in state.texts {
                    state.totals.texts += 1
                    state.totals.bytes += text.utf8.count
                    for kind in Self.scan(Array(text.utf8), byPrefix: state.byPrefix) {
                        findings.append(Finding(description: "\(kind) appeared in \(source)"))
                    }
                }
                state.texts = []
                state.totals.findings += findings.count
                return findings
            }
    }

    /// What the watch has scanned so far.
    package var totals: Totals { state.withLock { $0.totals } }

    /// The kinds (with lengths) of the watched strings that occur in `text`.
    private static func scan(_ text: [UInt8], byPrefix: [UInt64: [Watched]]) -> [String] {
        guard text.count >= minimumLength else { return [] }
        var found: [String] = []
        for start in 0...(text.count - minimumLength) {
            guard let candidates = byPrefix[prefix(text, start)] else { continue }
            for candidate in candidates
            where start + candidate.bytes.count <= text.count
                && text[start..<start + candidate.bytes.count].elementsEqual(candidate.bytes)
            {
                let shown = "a \(candidate.kind) (\(candidate.bytes.count) bytes)"
                if !found.contains(shown) { found.append(shown) }
            }
        }
        return found
    }

    /// Eight bytes from `start` as one number.
    private static func prefix(_ bytes: [UInt8], _ start: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in start..<start + minimumLength { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    /// `value` as it appears inside a JSON string (without the quotes), as the provider's JSON log lines write it.
    static func jsonEscaped(_ value: String) -> String {
        String(JSONValue.string(value).canonicalJSON.dropFirst().dropLast())
    }
}

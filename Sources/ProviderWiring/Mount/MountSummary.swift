import SecretsProvider

/// What the `mount` command prints on stdout: the class, the identity, the target, then one row per file
/// (path, size, mode, version). Never a value or a token.
enum MountSummary {
    /// The lines printed before the mount, so that a failure still shows what was tried.
    static func header(
        file: String, class spc: MountClass, options: LocalMountOptions, audience: String, identity: MountIdentity,
        vaultAddress: String, secret: MountNodePublishSecret?, target: MountTarget, versionKey: MountVersionKey
    ) -> String {
        let pod =
            options.pod.map { "\(options.namespace)/\($0.name) (uid \($0.uid))" }
            ?? "\(options.namespace)/- (no pod given)"
        return [
            "class:    \(spc.name) (\(file))",
            "pod:      \(pod), service account \(options.serviceAccount)",
            "token:    audience \(audience), \(identity.origin)",
            "vault:    \(vaultAddress), role \(spc.parameters["roleName"] ?? "")",
            secret.map { "secret:   \($0.summary)" },
            "target:   \(target.path)",
            versionKey.summary,
        ].compactMap { $0 }.joined(separator: "\n") + "\n"
    }

    /// The table of written files; `versions` are matched by path (an object's id is its objectName).
    static func table(_ entries: [MountTarget.Entry], versions: [ObjectVersion]) -> String {
        let byID = Dictionary(versions.map { ($0.id, $0.version) }, uniquingKeysWith: { first, _ in first })
        let rows =
            [["PATH", "SIZE", "MODE", "VERSION"]]
            + entries.map { entry in
                [entry.path, String(entry.size), octal(entry.mode), byID[entry.path] ?? ""]
            }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            [pad(row[0], widths[0]), padLeft(row[1], widths[1]), pad(row[2], widths[2]), row[3]].joined(separator: "  ")
        }
        let count = "\(entries.count) file\(entries.count == 1 ? "" : "s") written"
        return "\n" + lines.joined(separator: "\n") + "\n" + count + "\n"
    }

    private static func octal(_ mode: Int) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

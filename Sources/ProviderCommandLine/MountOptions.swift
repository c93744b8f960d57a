import Logging
import ProviderLogging
import ProviderValues
import ProviderWiring

/// The `mount` command line, parsed and checked; every problem here is a usage error (exit 2).
package struct MountOptions {
    /// What the mount itself needs.
    package var local: LocalMountOptions
    /// nil for `off`.
    package var logLevel: Logger.Level?

    /// Parses `arguments`; flags may come before and after FILE.
    package init(_ arguments: [String]) throws {
        var values: [String: String] = [:]
        var positional: [String] = []
        var rest = arguments[...]
        while !rest.isEmpty {
            let parsed = try MountFlags.set.parse(Array(rest))
            values.merge(parsed.values) { _, later in later }
            let consumed = rest.count - parsed.arguments.count
            if consumed > 0, rest[rest.startIndex + consumed - 1] == "--" {
                positional += parsed.arguments
                break
            }
            guard let first = parsed.arguments.first else { break }
            positional.append(first)
            rest = parsed.arguments.dropFirst()[...]
        }
        let flags = MountFlags.set.parsed(values: values, arguments: positional)
        let flag = flags.given
        func defaulted(_ name: String) -> String { flag(name) ?? flags.string(name) }
        guard positional.count == 1 else {
            throw MountCommandUsageError(
                positional.isEmpty
                    ? "missing FILE: the SecretProviderClass manifest"
                    : "exactly one FILE is expected, got \(positional.count): \(positional.joined(separator: " "))")
        }
        let missing = ["namespace", "service-account", "target"].filter { flag($0) == nil }
        guard missing.isEmpty else {
            let names = missing.map { "-\($0)" }.joined(separator: ", ")
            throw MountCommandUsageError("missing required flag\(missing.count > 1 ? "s" : ""): " + names)
        }
        let pod: (name: String, uid: String)?
        switch (flag("pod"), flag("pod-uid")) {
        case (nil, nil): pod = nil
        case let (name?, uid?): pod = (name, uid)
        default: throw MountCommandUsageError("-pod and -pod-uid go together: give both or neither")
        }
        guard let timeout = GoDuration.parse(defaulted("timeout")), timeout > .zero else {
            throw GoFlagSet.UsageError.invalidValue(
                flag: "timeout", value: defaulted("timeout"), expected: "must be positive")
        }
        local = LocalMountOptions(
            file: positional[0], namespace: flag("namespace") ?? "", serviceAccount: flag("service-account") ?? "",
            target: flag("target") ?? "", className: flag("class"), audience: flag("audience"), pod: pod,
            tokenFile: flag("token-file"), kubeconfig: flag("kubeconfig"), vaultAddress: flag("vault-addr"),
            nodePublishSecret: flag("node-publish-secret"),
            hmacSecretNamespace: defaulted("hmac-secret-namespace"), hmacSecretName: defaulted("hmac-secret-name"),
            timeout: timeout)
        switch LogLevel.parse(defaulted("log-level")) {
        case .success(let level): logLevel = level
        case .failure(let error):
            throw GoFlagSet.UsageError.invalidValue(flag: "log-level", value: error.name, expected: error.description)
        }
    }
}

import Logging
import ProviderConfiguration
import ProviderServer
import ProviderValues

/// The `mount` command line, parsed and checked; every problem here is a usage error (exit 2).
struct MountOptions {
    var file: String
    var namespace: String
    var serviceAccount: String
    var target: String
    var className: String?
    var audience: String?
    /// The pod the token is bound to; nil when neither `-pod` nor `-pod-uid` is given.
    var pod: (name: String, uid: String)?
    var tokenFile: String?
    var kubeconfig: String?
    /// `-vault-addr`: replaces the class's `vaultAddress` (and `VAULT_ADDR`).
    var vaultAddress: String?
    var hmacSecretNamespace: String
    var hmacSecretName: String
    var timeout: Duration
    /// nil for `off`.
    var logLevel: Logger.Level?

    /// Parses `arguments`; flags may come before and after FILE.
    init(_ arguments: [String]) throws {
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
        func flag(_ name: String) -> String? {
            values[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        func defaulted(_ name: String) -> String {
            flag(name) ?? MountFlags.set.flags.first { $0.name == name }!.defaultValue
        }
        guard positional.count == 1 else {
            throw MountUsageError(positional.isEmpty
                ? "missing FILE: the SecretProviderClass manifest"
                : "exactly one FILE is expected, got \(positional.count): \(positional.joined(separator: " "))")
        }
        file = positional[0]
        let missing = ["namespace", "service-account", "target"].filter { flag($0) == nil }
        guard missing.isEmpty else {
            throw MountUsageError("missing required flag\(missing.count > 1 ? "s" : ""): " + missing.map { "-\($0)" }.joined(separator: ", "))
        }
        namespace = flag("namespace")!
        serviceAccount = flag("service-account")!
        target = flag("target")!
        className = flag("class")
        audience = flag("audience")
        switch (flag("pod"), flag("pod-uid")) {
        case (nil, nil): pod = nil
        case let (name?, uid?): pod = (name, uid)
        default: throw MountUsageError("-pod and -pod-uid go together: give both or neither")
        }
        tokenFile = flag("token-file")
        kubeconfig = flag("kubeconfig")
        vaultAddress = flag("vault-addr")
        hmacSecretNamespace = defaulted("hmac-secret-namespace")
        hmacSecretName = defaulted("hmac-secret-name")
        timeout = GoDuration.parse(defaulted("timeout"))!
        guard timeout > .zero else {
            throw GoFlagSet.UsageError.invalidValue(flag: "timeout", value: defaulted("timeout"), expected: "must be positive")
        }
        switch LogLevel.parse(defaulted("log-level")) {
        case .success(let level): logLevel = level
        case .failure(let error): throw GoFlagSet.UsageError.invalidValue(flag: "log-level", value: error.name, expected: error.description)
        }
    }
}

/// A command line the `mount` command cannot run with; exits 2.
struct MountUsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

import ProviderValues

/// The values of the volume's nodePublishSecretRef Secret that a login uses, and nothing else: never printed, never
/// compared outside a digest. `csi.storage.k8s.io/serviceAccount.tokens` is never among them.
public struct NodePublishSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The method's keys that the Secret holds, with their values.
    private let values: [String: String]

    /// Keeps from `secrets` only the keys `method` logs in with.
    init(_ secrets: [String: String], for method: AuthMethod) {
        values = secrets.filter { method.secretKeys.contains($0.key) }
    }

    public init() {
        values = [:]
    }

    /// The value of `key`; a missing or empty one is `INVALID_ARGUMENT` naming the key and the method, never a value.
    public func value(_ key: String, for method: AuthMethod) throws -> String {
        guard let value = values[key], !value.isEmpty else {
            throw ConfigurationError.invalidParameter(
                name: "vaultAuthMethod",
                problem: """
                    \(method.rawValue) logs in with the key \(Quoted(key)) of the volume's nodePublishSecretRef \
                    Secret, which the Mount's secrets do not hold
                    """)
        }
        return value
    }

    /// Every value, in key order, for the token cache's digest.
    public var orderedValues: [String] {
        values.keys.sorted().map { values[$0]! }
    }

    public var description: String { "NodePublishSecret(\(values.keys.sorted()), values redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

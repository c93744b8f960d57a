/// `format`: a whole secret in one file, without Vault's envelope.
public enum SecretFormat: String, Sendable, Hashable, CaseIterable {
    /// The data as compact JSON, keys sorted at every level, no trailing newline.
    case json
    /// One `KEY='value'` line per key for POSIX shells (`set -a; . FILE`).
    case env
}

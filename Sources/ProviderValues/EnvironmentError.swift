/// An environment variable (or a Vault address it gave) that the provider cannot use: a usage error, exit code 2.
/// The message names the variable and, unless it may hold credentials (a proxy URL), its value.
public struct EnvironmentError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// `VARIABLE="value": problem`, or the problem alone when `value` is empty (it must not be shown).
    public init(variable: String, value: String, problem: String) {
        description = value.isEmpty ? problem : "\(variable)=\"\(value)\": \(problem)"
    }

    /// `VARIABLE="value" is not a boolean (use true or false)`, worded as the reference words it.
    public static func notABoolean(variable: String, value: String) -> EnvironmentError {
        EnvironmentError(message: "\(variable)=\"\(value)\" is not a boolean (use true or false)")
    }

    /// A message of its own (an address that no variable alone decided).
    public init(message: String) {
        description = message
    }
}

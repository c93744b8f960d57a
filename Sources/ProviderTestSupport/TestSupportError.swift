/// An error raised by the test rig (OpenBao launcher, Vault setup helpers), with a readable message.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, including any server output that explains it.
    public let message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// An error raised by the test rig (OpenBao launcher, Vault setup helpers), with a readable message.
package struct TestSupportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, including any server output that explains it.
    package let message: String

    /// Creates an error with the given message.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

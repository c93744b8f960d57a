import ProviderValues

/// Where the commands write and read: the process's standard streams, or a test's buffers.
package struct CommandStreams: Sendable {
    /// Standard output, written as given (no newline added).
    package var output: @Sendable (String) -> Void
    /// Standard error, written as given.
    package var error: @Sendable (String) -> Void
    /// Everything on standard input (`lint -`).
    package var input: @Sendable () -> [UInt8]

    package init(
        output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void,
        input: @escaping @Sendable () -> [UInt8]
    ) {
        self.output = output
        self.error = error
        self.input = input
    }

    /// The process's streams, unbuffered (write(2)): what goes to one pipe arrives in the order it was written.
    package static let standard = CommandStreams(
        output: { StandardStream.output.write($0) }, error: { StandardStream.error.write($0) },
        input: { StandardStream.input.readToEnd() })
}

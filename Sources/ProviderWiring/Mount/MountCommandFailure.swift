/// A problem that stops the `mount` command before or around the provider's pipeline; exits 1.
public struct MountCommandFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A command line the `mount` command cannot run with; exits 2.
public struct MountCommandUsageError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

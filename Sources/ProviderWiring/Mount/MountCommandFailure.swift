/// A problem that stops the `mount` command before or around the provider's pipeline; exits 1.
package struct MountCommandFailure: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// A command line the `mount` command cannot run with; exits 2.
package struct MountCommandUsageError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

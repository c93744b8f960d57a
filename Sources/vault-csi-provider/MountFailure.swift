/// A problem that stops the `mount` command before or around the provider's pipeline; exits 1.
struct MountFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

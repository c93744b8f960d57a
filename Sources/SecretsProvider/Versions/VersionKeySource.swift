import FoundationEssentials

/// Where the HMAC key for object versions comes from (the cluster's Secret, shared by every node).
package protocol VersionKeySource: Sendable {
    /// The 32-byte key; throws when it cannot be obtained right now.
    func loadKey(deadline: ContinuousClock.Instant) async throws -> Data
}

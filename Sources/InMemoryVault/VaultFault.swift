import VaultContract

/// A scripted fault: what the in-memory Vault does instead of answering a matching request.
package enum VaultFault: Sendable {
    /// Answers with this status and these error texts, as Vault's JSON error body.
    case status(Int, errors: [String])
    /// Waits this long, then answers normally (or fails with the caller's deadline).
    case delay(Duration)
    /// Fails as an unreachable server would.
    case unreachable(String)
    /// Waits until the gate opens, then answers normally.
    case hold(VaultGate)
}

/// A fault applied to the next `remaining` requests whose path starts with `pathPrefix` (every request for "").
struct ScriptedFault: Sendable {
    let pathPrefix: String
    var remaining: Int
    let fault: VaultFault

    func matches(_ request: VaultRequest) -> Bool {
        remaining > 0 && request.path.hasPrefix(pathPrefix)
    }
}

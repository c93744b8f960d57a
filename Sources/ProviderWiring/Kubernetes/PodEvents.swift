import SecretsProvider

/// What the pod watch tells the pipeline: which pods live, which changed, which were deleted.
package protocol PodEvents: Sendable {
    /// A fresh list: `alive` are Pending or Running; `gone` were seen before and are missing (deleted meanwhile).
    func podsListed(alive: Set<String>, gone: Set<String>) async
    /// A pod's phase changed.
    func podChanged(uid: String, alive: Bool) async
    /// A pod was deleted: its tokens may be revoked, which takes Vault requests.
    func podDeleted(uid: String) async
}

extension MountPipeline: PodEvents {}

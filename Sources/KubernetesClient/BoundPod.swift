/// The pod a requested service-account token is bound to (TokenRequest `boundObjectRef`).
package struct BoundPod: Sendable, Equatable {
    /// The pod's name.
    package var name: String
    /// The pod's uid.
    package var uid: String

    /// Creates a reference to a pod.
    package init(name: String, uid: String) {
        self.name = name
        self.uid = uid
    }
}

/// The pod a requested service-account token is bound to (TokenRequest `boundObjectRef`).
public struct BoundPod: Sendable, Equatable {
    /// The pod's name.
    public var name: String
    /// The pod's uid.
    public var uid: String

    /// Creates a reference to a pod.
    public init(name: String, uid: String) {
        self.name = name
        self.uid = uid
    }
}

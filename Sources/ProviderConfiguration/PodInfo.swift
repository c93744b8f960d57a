/// The pod a mount is for, from the driver's `podInfoOnMount` attributes.
public struct PodInfo: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var uid: String
    public var serviceAccount: String

    public init(name: String, namespace: String, uid: String, serviceAccount: String) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.serviceAccount = serviceAccount
    }
}

import FoundationEssentials

/// The API server's `kind: Status` error body.
struct KubernetesStatusObject: Decodable {
    var kind: String?
    var reason: String?
    var message: String?

    /// The Status in `body`, or nil when the body is not a Status object.
    static func parse(_ body: [UInt8]) -> KubernetesStatusObject? {
        guard let object = try? JSONDecoder().decode(KubernetesStatusObject.self, from: Data(body)),
            object.kind == "Status"
        else { return nil }
        return object
    }
}

/// A core/v1 Secret as sent and answered; `data` values are base64.
struct SecretObject: Codable {
    /// The object's name and namespace.
    struct Metadata: Codable {
        var name: String?
        var namespace: String?
    }

    var apiVersion: String?
    var kind: String?
    var metadata: Metadata?
    var type: String?
    var immutable: Bool?
    var data: [String: String]?
}

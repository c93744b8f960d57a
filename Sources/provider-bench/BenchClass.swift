import Foundation

/// The SecretProviderClass being mounted: `objects` KV v2 secrets, each on its own path, read as role `app`.
struct BenchClass: Sendable {
    let objects: Int
    let role = "app"

    /// The KV v2 path (under `secret/`) of object `index`.
    static func secretName(_ index: Int) -> String {
        "bench-\(index)"
    }

    /// The `/v1/...` API path a client reads object `index` from.
    static func apiPath(_ index: Int) -> String {
        "/v1/secret/data/\(secretName(index))"
    }

    /// The value stored in object `index` (key `value`).
    static func value(_ index: Int) -> String {
        "bench-value-\(index)-7f3a9c2e5b1d4086a2c4e6f8091b3d5f"
    }

    /// The class's `objects` YAML.
    var objectsYAML: String {
        (0..<objects).map { index in
            """
            - objectName: secret-\(index)
              secretPath: secret/data/\(Self.secretName(index))
              secretKey: value
            """
        }.joined(separator: "\n")
    }

    /// The `attributes` JSON the driver sends for `pod` with its service-account `token` (audience `vault`).
    func attributes(pod: BenchPod, token: String) -> String {
        let tokens = ["vault": ["token": token, "expirationTimestamp": "2099-01-01T00:00:00Z"]]
        let tokensJSON = Self.json(tokens)
        let attributes: [String: String] = [
            "secretProviderClass": "vault-bench",
            "roleName": role,
            "objects": objectsYAML,
            "csi.storage.k8s.io/pod.name": pod.name,
            "csi.storage.k8s.io/pod.namespace": BenchPod.namespace,
            "csi.storage.k8s.io/pod.uid": pod.uid,
            "csi.storage.k8s.io/serviceAccount.name": BenchPod.serviceAccount,
            "csi.storage.k8s.io/ephemeral": "false",
            "csi.storage.k8s.io/serviceAccount.tokens": tokensJSON,
        ]
        return Self.json(attributes)
    }

    private static func json(_ object: Any) -> String {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

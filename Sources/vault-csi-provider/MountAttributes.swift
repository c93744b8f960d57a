import Foundation
import ProviderConfiguration

/// The `attributes` JSON the driver sends for a pod: the class's parameters, the volume's `secretProviderClass`,
/// the pod's identity (`podInfoOnMount`) and its token for one audience (`tokenRequests`).
enum MountAttributes {
    static func json(class spc: MountClass, options: MountOptions, audience: String, identity: MountIdentity) throws -> String {
        var attributes = spc.parameters
        attributes["secretProviderClass"] = spc.name
        attributes[AttributeKeys.podName] = options.pod?.name ?? ""
        attributes[AttributeKeys.podNamespace] = options.namespace
        attributes[AttributeKeys.podUID] = options.pod?.uid ?? ""
        attributes[AttributeKeys.serviceAccountName] = options.serviceAccount
        attributes["csi.storage.k8s.io/ephemeral"] = "true"
        let tokens = [audience: ["token": identity.token, "expirationTimestamp": identity.expirationTimestamp]]
        attributes[AttributeKeys.serviceAccountTokens] = try text(tokens)
        return try text(attributes)
    }

    private static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

import ProviderConfiguration

/// Logins with credentials from the volume's nodePublishSecretRef are off unless the operator turned them on: whoever
/// may write a class could otherwise aim the provider's logins at any Secret its pods' volumes name.
enum NodePublishSecretGate {
    /// PERMISSION_DENIED naming the flag when `configuration` logs in with such credentials and they are not allowed.
    static func check(_ configuration: MountConfiguration, allowed: Bool) throws {
        guard configuration.authMethod.usesNodePublishSecret, !allowed else { return }
        throw MountError(
            .permissionDenied,
            """
            vaultAuthMethod "\(configuration.authMethod.rawValue)" logs in with the volume's nodePublishSecretRef \
            credentials, which this provider does not allow: start it with -allow-node-publish-secret-auth (Helm \
            value allowNodePublishSecretAuth)
            """)
    }
}

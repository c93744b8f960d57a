/// The names a SecretProviderClass may use, as `lint` knows them.
enum KnownNames {
    /// `spec.parameters` keys a class sets.
    static let classParameters =
        [
            AttributeKeys.roleName, AttributeKeys.vaultAddress, AttributeKeys.vaultNamespace,
            AttributeKeys.vaultKubernetesMountPath, AttributeKeys.vaultAuthMountPath, AttributeKeys.audience,
            AttributeKeys.objects, AttributeKeys.vaultCACertPath, AttributeKeys.vaultCADirectory,
            AttributeKeys.vaultTLSServerName, AttributeKeys.vaultTLSClientCertPath, AttributeKeys.vaultTLSClientKeyPath,
            AttributeKeys.vaultSkipTLSVerify, AttributeKeys.reuseLeases, AttributeKeys.fileOwner,
            AttributeKeys.fileGroup, AttributeKeys.vaultAuthMethod,
        ] + ParameterDialects.allNames.filter { !$0.hasPrefix("vault") || $0 == "vaultRoleName" }
    /// `spec.provider`: the name the driver dials (`vault.sock`, or the OpenBao fork's `openbao.sock`).
    static let providers = ["vault", "openbao"]
    /// The prefix of the keys the driver adds to every mount's attributes.
    static let driverPrefix = "csi.storage.k8s.io/"
    /// Fields an entry of `objects` uses.
    static let objectFields = ObjectFieldNames.required + ObjectFieldNames.optional
    /// API versions of the SecretProviderClass kind.
    static let classAPIVersions: Set<String> = ["secrets-store.csi.x-k8s.io/v1", "secrets-store.csi.x-k8s.io/v1alpha1"]
}

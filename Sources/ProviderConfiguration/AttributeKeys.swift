/// Names of the keys the driver and the SecretProviderClass put into `attributes`.
public enum AttributeKeys {
    public static let podName = "csi.storage.k8s.io/pod.name"
    public static let podNamespace = "csi.storage.k8s.io/pod.namespace"
    public static let podUID = "csi.storage.k8s.io/pod.uid"
    public static let serviceAccountName = "csi.storage.k8s.io/serviceAccount.name"
    public static let serviceAccountTokens = "csi.storage.k8s.io/serviceAccount.tokens"

    public static let roleName = "roleName"
    public static let vaultAddress = "vaultAddress"
    public static let vaultNamespace = "vaultNamespace"
    public static let vaultKubernetesMountPath = "vaultKubernetesMountPath"
    public static let vaultAuthMountPath = "vaultAuthMountPath"
    public static let audience = "audience"
    public static let objects = "objects"
    public static let vaultCACertPath = "vaultCACertPath"
    public static let vaultCADirectory = "vaultCADirectory"
    public static let vaultTLSServerName = "vaultTLSServerName"
    public static let vaultTLSClientCertPath = "vaultTLSClientCertPath"
    public static let vaultTLSClientKeyPath = "vaultTLSClientKeyPath"
    public static let vaultSkipTLSVerify = "vaultSkipTLSVerify"
    public static let reuseLeases = "reuseLeases"
    /// How the mount logs in (ours): kubernetes, jwt, approle, userpass or cert.
    public static let vaultAuthMethod = "vaultAuthMethod"
    /// Class-level defaults for the objects' `fileOwner` and `fileGroup` (numeric uid and gid).
    public static let fileOwner = "fileOwner"
    public static let fileGroup = "fileGroup"
}

/// The fields an entry of `objects` may hold.
public enum ObjectFieldNames {
    public static let required = ["objectName", "secretPath"]
    public static let optional = [
        "secretKey", "method", "secretArgs", "encoding", "filePermission", "template", "format", "fileOwner",
        "fileGroup", "optional",
    ]
    /// Accepted and ignored, as by HashiCorp's provider.
    public static let legacy = ["objectVersion"]
}

/// The build's identity, used by `-version` and `Version.runtime_version`.
public enum BuildInfo {
    /// The provider's semantic version.
    public static let version = "0.1.0"
    /// The runtime name reported to the driver.
    public static let runtimeName = "vault-csi-provider"
    /// The driver API version served.
    public static let apiVersion = "v1alpha1"
}

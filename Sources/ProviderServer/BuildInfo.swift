/// The build's identity, used by `-version` and `Version.runtime_version`.
package enum BuildInfo {
    /// The provider's semantic version.
    package static let version = "0.1.0"
    /// The runtime name reported to the driver.
    package static let runtimeName = "vault-csi-provider"
    /// The driver API version served.
    package static let apiVersion = "v1alpha1"
}

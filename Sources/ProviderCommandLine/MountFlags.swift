/// The `mount` command's flags (Go style, like the serve command's).
package enum MountFlags {
    package static let set = GoFlagSet([
        .init("namespace", .string, usage: "the pod's namespace (required)"),
        .init("service-account", .string, usage: "the pod's service account (required)"),
        .init("target", .string, usage: "directory to write the files into; created when missing (required)"),
        .init("class", .string, usage: "metadata.name of the SecretProviderClass to use when FILE holds several"),
        .init("audience", .string, usage: "audience of the token (else the class's audience parameter, else vault)"),
        .init("pod", .string, usage: "pod name the minted token is bound to (with -pod-uid)"),
        .init("pod-uid", .string, usage: "uid of that pod (with -pod)"),
        .init(
            "token-file", .string,
            usage: "file holding the service-account JWT to log in with, instead of minting one"),
        .init(
            "node-publish-secret", .string,
            usage: "Secret in -namespace passed as the volume's nodePublishSecretRef (read through the kubeconfig),"
                + " for a class's vaultAuthMethod approle, userpass or cert"),
        .init(
            "vault-addr", .string,
            usage: "Vault address to use instead of the class's vaultAddress and VAULT_ADDR"
                + " (a port-forward from this machine)"),
        .init(
            "kubeconfig", .string,
            usage: "kubeconfig file (else KUBECONFIG, else ~/.kube/config); in-cluster configuration is not used"),
        .init(
            "hmac-secret-namespace", .string, default: "csi",
            usage: "namespace of the cluster's object-version HMAC key Secret (only read, never created)"),
        .init("hmac-secret-name", .string, default: "vault-csi-provider-hmac-key", usage: "name of that Secret"),
        .init("timeout", .duration, default: "2m", usage: "how long the whole mount may take, as kubelet allows"),
        .init(
            "log-level", .string, default: "error",
            usage: "level of the provider's log lines on stderr (text format):"
                + " trace, debug, info, warn, error or off"),
    ])

    /// The usage text printed for `-h` and usage errors.
    package static var usage: String {
        """
        Usage of vault-csi-provider mount:
          vault-csi-provider mount FILE -namespace NS -service-account SA -target DIR [flags]

        Performs the mount a pod would get, from this machine, against the real Vault: FILE holds the
        SecretProviderClass (several YAML documents are fine); the files are written into DIR, and a summary
        (never the values) is printed. Vault settings come from the class and VAULT_ADDR and friends;
        -vault-addr replaces the address of both.
        Exit status: 0 mounted, 1 failed, 2 usage.

        \(set.usage)
        """
    }
}

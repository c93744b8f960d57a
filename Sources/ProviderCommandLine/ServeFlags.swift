import ProviderConfiguration

/// The serve command's flags: the reference's, with the same names and defaults, plus ours.
package enum ServeFlags {
    package static let set = GoFlagSet(
        [
            .init(
                "endpoint", .string, default: "/tmp/vault.sock", usage: "path to the Unix socket the driver connects to"
            ),
            .init(
                "health-addr", .string, default: ":8080",
                usage: "address of the HTTP endpoint serving /health/ready, /health/live and /metrics"),
            .init("log-level", .string, default: "info", usage: "log level: trace, debug, info, warn, error or off"),
            .init("log-format", .string, default: "json", usage: "log format: json (one object per line) or text"),
            .init(
                "debug", .bool, default: "false",
                usage: "deprecated, as in HashiCorp's provider: -log-level=debug unless -log-level is set"),
            .init("version", .bool, default: "false", usage: "print the version and exit"),
            .init(
                "hmac-secret-name", .string, default: "vault-csi-provider-hmac-key",
                usage: "Kubernetes Secret holding the HMAC key for object versions"
                    + " (openbao-csi-provider-hmac-key when the endpoint is openbao.sock)"),
            .init(
                "default-audience", .string, default: "vault",
                usage: "audience of the pod token when a SecretProviderClass sets none"
                    + " (openbao when the endpoint is openbao.sock)"),
            .init("cache-size", .int, default: "1000", usage: "size of the Vault token cache; <= 0 disables it"),
            // -vault-* then -openbao-*: one table with the environment fallbacks (ProcessVaultSettings.settings); each
            // -openbao-* flag wins over its -vault-* twin.
        ] + ProcessVaultSettings.settings.map(\.flags.vault) + ProcessVaultSettings.settings.map(\.flags.openBao) + [
            .init("write-mode", .string, default: "auto", usage: "who writes the files: auto, provider or driver"),
            .init(
                "kubelet-dir", .string, default: "/var/lib/kubelet",
                usage: "kubelet root; provider mode only writes under <kubelet-dir>/pods/"),
            .init("kubeconfig", .string, usage: "kubeconfig file (else KUBECONFIG, else in-cluster configuration)"),
            .init(
                "shutdown-grace-period", .duration, default: "30s",
                usage: "how long in-flight mounts may finish after SIGTERM"),
            .init(
                "node-name", .string,
                usage: "this node's name (else NODE_NAME): its pods are watched for background renewal and revocation"),
            .init(
                "revoke-on-pod-delete", .bool, default: "true",
                usage: "revoke a deleted pod's Vault tokens, and with them its dynamic leases (needs the pod watch)"),
            .init(
                "lease-renew-fraction", .string, default: "2/3",
                usage: "part of a dynamic secret's lease after which it is renewed (and reused up to, unrenewed);"
                    + " a fraction in (0, 1), such as 2/3 or 0.75"),
            .init(
                "token-renew-fraction", .string, default: "1/2",
                usage: "part of a Vault token's TTL after which it is renewed; a fraction in (0, 1), such as 1/2"),
            .init(
                "allow-node-publish-secret-auth", .bool, default: "false",
                usage: "let classes log in with vaultAuthMethod approle, userpass or cert, whose credentials come from"
                    + " the volume's nodePublishSecretRef Secret"),
            .init(
                "allowed-vault-addresses", .string,
                usage:
                    "comma-separated URL prefixes a SecretProviderClass's vaultAddress must start with (empty: any)"),
            .init(
                "vault-addresses-share-tokens", .bool, default: "true",
                usage: "the addresses of one Vault address list are one cluster: a token from one is sent to any;"
                    + " false sends each token only to the address that issued it"),
            .init(
                "allowed-audiences", .string,
                usage: "comma-separated audiences a SecretProviderClass's audience must be one of (empty: any)"),
            .init(
                "allowed-tls-dir", .repeatable, default: "/vault/tls",
                usage: "directory a SecretProviderClass's TLS files (vaultCACertPath, ...) must be under;"
                    + " repeat for several"),
            .init("max-concurrent-reads", .int, default: "16", usage: "distinct Vault requests one mount runs at once"),
            .init(
                "max-mount-bytes", .int, default: "16777216",
                usage: "bytes of Vault answers one mount may hold; past them it fails with RESOURCE_EXHAUSTED"),
            .init(
                "max-concurrent-vault-requests", .int, default: "64",
                usage: "Vault requests on the wire at once across all mounts (logins included);"
                    + " the rest queue within their deadlines"),
        ])
}

import ProviderConfiguration

/// The serve command's flags: the reference's, with the same names and defaults, plus ours.
enum Flags {
    static let set = GoFlagSet([
        .init("endpoint", .string, default: "/tmp/vault.sock", usage: "path to the Unix socket the driver connects to"),
        .init("health-addr", .string, default: ":8080", usage: "address of the HTTP endpoint serving /health/ready, /health/live and /metrics"),
        .init("log-level", .string, default: "info", usage: "log level: trace, debug, info, warn, error or off"),
        .init("log-format", .string, default: "json", usage: "log format: json (one object per line) or text"),
        .init("debug", .bool, default: "false", usage: "deprecated, as in HashiCorp's provider: -log-level=debug unless -log-level is set"),
        .init("version", .bool, default: "false", usage: "print the version and exit"),
        .init("hmac-secret-name", .string, default: "vault-csi-provider-hmac-key",
              usage: "Kubernetes Secret holding the HMAC key for object versions (openbao-csi-provider-hmac-key when the endpoint is openbao.sock)"),
        .init("default-audience", .string, default: "vault",
              usage: "audience of the pod token when a SecretProviderClass sets none (openbao when the endpoint is openbao.sock)"),
        .init("cache-size", .int, default: "1000", usage: "size of the Vault token cache; <= 0 disables it"),
        .init("vault-addr", .string, usage: "default Vault address (else VAULT_ADDR); a SecretProviderClass may override it"),
        .init("vault-mount", .string, default: "kubernetes", usage: "default Vault auth mount path; a SecretProviderClass may override it"),
        .init("vault-namespace", .string, usage: "default Vault namespace (else VAULT_NAMESPACE)"),
        .init("vault-tls-ca-cert", .string, usage: "PEM file of CA certificates for Vault (else VAULT_CACERT)"),
        .init("vault-tls-ca-directory", .string, usage: "folder of PEM CA certificates for Vault (else VAULT_CAPATH)"),
        .init("vault-tls-server-name", .string, usage: "TLS server name for Vault (else VAULT_TLS_SERVER_NAME)"),
        .init("vault-tls-client-cert", .string, usage: "PEM client certificate for Vault (else VAULT_CLIENT_CERT)"),
        .init("vault-tls-client-key", .string, usage: "PEM client key for Vault (else VAULT_CLIENT_KEY)"),
        .init("vault-tls-skip-verify", .bool, default: "false", usage: "skip verifying Vault's certificate (else VAULT_SKIP_VERIFY)"),
        // The OpenBao fork's names for the same settings; each wins over its -vault-* twin.
        .init("openbao-addr", .string, usage: "-vault-addr under the OpenBao fork's name (else BAO_ADDR)"),
        .init("openbao-mount", .string, usage: "-vault-mount under the OpenBao fork's name"),
        .init("openbao-namespace", .string, usage: "-vault-namespace under the OpenBao fork's name (else BAO_NAMESPACE)"),
        .init("openbao-tls-ca-cert", .string, usage: "-vault-tls-ca-cert under the OpenBao fork's name (else BAO_CACERT)"),
        .init("openbao-tls-ca-directory", .string, usage: "-vault-tls-ca-directory under the OpenBao fork's name (else BAO_CAPATH)"),
        .init("openbao-tls-server-name", .string, usage: "-vault-tls-server-name under the OpenBao fork's name (else BAO_TLS_SERVER_NAME)"),
        .init("openbao-tls-client-cert", .string, usage: "-vault-tls-client-cert under the OpenBao fork's name (else BAO_CLIENT_CERT)"),
        .init("openbao-tls-client-key", .string, usage: "-vault-tls-client-key under the OpenBao fork's name (else BAO_CLIENT_KEY)"),
        .init("openbao-tls-skip-verify", .bool, default: "false", usage: "-vault-tls-skip-verify under the OpenBao fork's name (else BAO_SKIP_VERIFY)"),
        .init("write-mode", .string, default: "auto", usage: "who writes the files: auto, provider or driver"),
        .init("kubelet-dir", .string, default: "/var/lib/kubelet", usage: "kubelet root; provider mode only writes under <kubelet-dir>/pods/"),
        .init("kubeconfig", .string, usage: "kubeconfig file (else KUBECONFIG, else in-cluster configuration)"),
        .init("shutdown-grace-period", .duration, default: "30s", usage: "how long in-flight mounts may finish after SIGTERM"),
        .init("max-concurrent-reads", .int, default: "16", usage: "distinct Vault requests one mount runs at once"),
        .init("max-concurrent-vault-requests", .int, default: "64",
              usage: "Vault requests on the wire at once across all mounts (logins included); the rest queue within their deadlines"),
    ])
}

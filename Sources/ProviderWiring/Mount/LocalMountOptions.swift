/// What a `mount` from a laptop needs: the manifest, the pod's identity, the target and where to reach things.
/// The command line fills it; every field is already checked.
package struct LocalMountOptions: Sendable {
    package var file: String
    package var namespace: String
    package var serviceAccount: String
    package var target: String
    package var className: String?
    package var audience: String?
    /// The pod the token is bound to; nil when neither `-pod` nor `-pod-uid` is given.
    package var pod: (name: String, uid: String)?
    package var tokenFile: String?
    package var kubeconfig: String?
    /// `-vault-addr`: replaces the class's `vaultAddress` (and `VAULT_ADDR`).
    package var vaultAddress: String?
    /// `-node-publish-secret`: the Secret (in `namespace`) the driver would pass as the volume's nodePublishSecretRef.
    package var nodePublishSecret: String?
    package var hmacSecretNamespace: String
    package var hmacSecretName: String
    package var timeout: Duration

    package init(
        file: String, namespace: String, serviceAccount: String, target: String, className: String? = nil,
        audience: String? = nil, pod: (name: String, uid: String)? = nil, tokenFile: String? = nil,
        kubeconfig: String? = nil,
        vaultAddress: String? = nil, nodePublishSecret: String? = nil, hmacSecretNamespace: String,
        hmacSecretName: String, timeout: Duration
    ) {
        self.file = file
        self.namespace = namespace
        self.serviceAccount = serviceAccount
        self.target = target
        self.className = className
        self.audience = audience
        self.pod = pod
        self.tokenFile = tokenFile
        self.kubeconfig = kubeconfig
        self.vaultAddress = vaultAddress
        self.nodePublishSecret = nodePublishSecret
        self.hmacSecretNamespace = hmacSecretNamespace
        self.hmacSecretName = hmacSecretName
        self.timeout = timeout
    }
}

/// What a `mount` from a laptop needs: the manifest, the pod's identity, the target and where to reach things.
/// The command line fills it; every field is already checked.
public struct LocalMountOptions: Sendable {
    public var file: String
    public var namespace: String
    public var serviceAccount: String
    public var target: String
    public var className: String?
    public var audience: String?
    /// The pod the token is bound to; nil when neither `-pod` nor `-pod-uid` is given.
    public var pod: (name: String, uid: String)?
    public var tokenFile: String?
    public var kubeconfig: String?
    /// `-vault-addr`: replaces the class's `vaultAddress` (and `VAULT_ADDR`).
    public var vaultAddress: String?
    public var hmacSecretNamespace: String
    public var hmacSecretName: String
    public var timeout: Duration

    public init(file: String, namespace: String, serviceAccount: String, target: String, className: String? = nil,
                audience: String? = nil, pod: (name: String, uid: String)? = nil, tokenFile: String? = nil, kubeconfig: String? = nil,
                vaultAddress: String? = nil, hmacSecretNamespace: String, hmacSecretName: String, timeout: Duration) {
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
        self.hmacSecretNamespace = hmacSecretNamespace
        self.hmacSecretName = hmacSecretName
        self.timeout = timeout
    }
}

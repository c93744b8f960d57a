import FoundationEssentials
import ProviderValues

/// Everything one Mount asks for, parsed and validated before any I/O.
public struct MountConfiguration: Sendable {
    /// The Vault role to log in as; empty for approle, userpass and cert logins that name none.
    public var roleName: String
    /// How the mount logs in (`vaultAuthMethod`, default `kubernetes`).
    public var authMethod: AuthMethod
    /// The nodePublishSecretRef Secret's values `authMethod` logs in with (none for kubernetes and jwt).
    public var nodePublishSecret: NodePublishSecret
    /// The class's Vault settings; empty values leave the process's in force.
    public var vault: VaultSettings
    /// The audience of the pod's token (`audience`, else the process's default: `vault`, or `openbao` on
    /// `openbao.sock`).
    public var audience: String
    /// True when the class set `audience` itself.
    public var audienceIsExplicit: Bool
    /// The objects to fetch, in class order.
    public var objects: [SecretObject]
    /// The requesting pod.
    public var pod: PodInfo
    /// The driver's tokens for the pod, from `attributes` or `secrets`.
    public var tokens: ServiceAccountTokens
    /// Mode for files whose object sets none.
    public var defaultMode: Int
    /// Where the kubelet mounted the volume.
    public var targetPath: String
    /// Whether dynamic-secret answers may be reused across this volume's mounts (`reuseLeases`, default true).
    public var reuseLeases: Bool

    /// Parses the four strings of a MountRequest.
    public init(
        attributes: String, secrets: String, permission: String, targetPath: String, defaultAudience: String = "vault"
    ) throws {
        if attributes.utf8.count > Limits.maxAttributesBytes {
            throw ConfigurationError.invalidAttributes("larger than \(Limits.maxAttributesBytes) bytes")
        }
        let parameters = try StringMap.parse(attributes, allowNull: false, error: ConfigurationError.invalidAttributes)
        let secretData = try StringMap.parse(secrets, allowNull: true, error: ConfigurationError.invalidSecrets)
        try self.init(
            parameters: parameters, secrets: secretData, permission: permission, targetPath: targetPath,
            defaultAudience: defaultAudience)
    }

    /// Builds the configuration from already-decoded maps.
    /// `defaultAudience` is the audience when the class sets none (`-default-audience`, else by the endpoint's name).
    public init(
        parameters: [String: String], secrets: [String: String] = [:], permission: String, targetPath: String,
        defaultAudience: String = "vault"
    ) throws {
        defaultMode = try FilePermission.parseRequest(permission)
        self.targetPath = targetPath
        authMethod = try AuthMethod.parse(parameters)
        let role = ParameterDialects.role(in: parameters)
        guard role != nil || authMethod.usesNodePublishSecret else { throw ConfigurationError.missingRoleName }
        roleName = role?.value ?? ""
        nodePublishSecret = NodePublishSecret(secrets, for: authMethod)

        // Each Vault parameter under any dialect's name (bao, openbao, vault: the first set counts).
        let kubernetesMount = ParameterDialects.resolve("KubernetesMountPath", in: parameters)
        let authMount = ParameterDialects.resolve("AuthMountPath", in: parameters)
        if let kubernetesMount, let authMount {
            throw ConfigurationError.conflictingParameters(kubernetesMount.name, authMount.name)
        }
        let address = ParameterDialects.resolve("Address", in: parameters)
        if let address {
            try MountConfiguration.checkClassAddresses(address.value, parameter: address.name)
        }
        vault = VaultSettings(
            address: address?.value,
            namespace: ParameterDialects.resolve("Namespace", in: parameters)?.value,
            authMountPath: (kubernetesMount ?? authMount)?.value,
            tls: try MountConfiguration.tlsSettings(parameters)
        )
        let audienceParameter = parameters[AttributeKeys.audience] ?? ""
        audienceIsExplicit = !audienceParameter.isEmpty
        audience = audienceIsExplicit ? audienceParameter : defaultAudience

        pod = PodInfo(
            name: parameters[AttributeKeys.podName] ?? "",
            namespace: parameters[AttributeKeys.podNamespace] ?? "",
            uid: parameters[AttributeKeys.podUID] ?? "",
            serviceAccount: parameters[AttributeKeys.serviceAccountName] ?? ""
        )
        if let json = parameters[AttributeKeys.serviceAccountTokens] ?? secrets[AttributeKeys.serviceAccountTokens],
            !json.isEmpty
        {
            tokens = try ServiceAccountTokens(json: json)
        } else {
            tokens = ServiceAccountTokens()
        }
        reuseLeases = true
        if let text = parameters[AttributeKeys.reuseLeases], !text.isEmpty {
            guard let value = GoBool.parse(text) else {
                throw ConfigurationError.invalidParameter(
                    name: AttributeKeys.reuseLeases, problem: "\(Quoted(text)) is not a boolean (use true or false)")
            }
            reuseLeases = value
        }
        objects = try ObjectsParser.parse(parameters[AttributeKeys.objects] ?? "")
        let owner = try MountConfiguration.numericID(parameters, AttributeKeys.fileOwner)
        let group = try MountConfiguration.numericID(parameters, AttributeKeys.fileGroup)
        for index in objects.indices {
            objects[index].fileOwner = objects[index].fileOwner ?? owner
            objects[index].fileGroup = objects[index].fileGroup ?? group
        }
    }

    /// A class-level `fileOwner` or `fileGroup`: the default for objects that set none.
    private static func numericID(_ parameters: [String: String], _ name: String) throws -> Int? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard let value = NumericID.parse(text) else {
            throw ConfigurationError.invalidParameter(
                name: name, problem: "\(Quoted(text)) is not a numeric id such as 1000")
        }
        return value
    }

    /// The pod's token for this class's audience, when the driver sent one.
    public var driverToken: String? {
        tokens.token(audience: audience, audienceIsExplicit: audienceIsExplicit)
    }

    /// A class's address setting lists at least one address, and none is a `unix://` socket: the provider runs as
    /// root, and a class author must not aim it at sockets on the node. Each element of a list is checked.
    private static func checkClassAddresses(_ value: String, parameter: String) throws {
        guard let list = VaultAddressList(value) else {
            throw ConfigurationError.invalidParameter(name: parameter, problem: "\(Quoted(value)) lists no address")
        }
        guard !list.addresses.contains(where: { $0.lowercased().hasPrefix("unix:") }) else {
            throw ConfigurationError.invalidParameter(
                name: parameter,
                problem:
                    """
                    unix:// addresses are only accepted from the provider's own settings (-vault-addr, \
                    -openbao-addr, VAULT_AGENT_ADDR, VAULT_ADDR and their BAO_ twins), never from a \
                    SecretProviderClass
                    """
            )
        }
    }

    private static func tlsSettings(_ parameters: [String: String]) throws -> TLSSettings {
        var skipVerify: Bool?
        if let (name, text) = ParameterDialects.resolve("SkipTLSVerify", in: parameters) {
            guard let value = GoBool.parse(text) else {
                throw ConfigurationError.invalidParameter(
                    name: name, problem: "\(Quoted(text)) is not a boolean (use true or false)")
            }
            skipVerify = value
        }
        func value(_ suffix: String) -> String? { ParameterDialects.resolve(suffix, in: parameters)?.value }
        return TLSSettings(
            caCertPath: value("CACertPath"),
            caDirectory: value("CADirectory"),
            serverName: value("TLSServerName"),
            clientCertPath: value("TLSClientCertPath"),
            clientKeyPath: value("TLSClientKeyPath"),
            skipVerify: skipVerify
        )
    }
}

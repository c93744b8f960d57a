/// A class's Vault parameters under either dialect's names: HashiCorp's `vault<Suffix>` and the OpenBao fork's
/// `bao<Suffix>` and `openbao<Suffix>`. The first one set (non-empty) in the order `bao`, `openbao`, `vault` counts.
public enum ParameterDialects {
    /// The prefixes, in the order they are tried.
    public static let prefixes = ["bao", "openbao", "vault"]
    /// The suffixes of the parameters that have a name in each dialect.
    public static let suffixes = [
        "Address", "Namespace", "KubernetesMountPath", "AuthMountPath", "CACertPath", "CADirectory", "TLSServerName",
        "TLSClientCertPath", "TLSClientKeyPath", "SkipTLSVerify", "RoleName", "AuthMethod",
    ]

    /// The names of one parameter, in the order they are tried.
    public static func names(_ suffix: String) -> [String] {
        prefixes.map { $0 + suffix }
    }

    /// The first of `bao<suffix>`, `openbao<suffix>`, `vault<suffix>` that is set: its name and value.
    public static func resolve(_ suffix: String, in parameters: [String: String]) -> (name: String, value: String)? {
        for name in names(suffix) {
            if let value = parameters[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }

    /// The role: `baoRoleName`, `openbaoRoleName`, `vaultRoleName`, then plain `roleName`.
    public static func role(in parameters: [String: String]) -> (name: String, value: String)? {
        if let prefixed = resolve("RoleName", in: parameters) { return prefixed }
        guard let value = parameters[AttributeKeys.roleName], !value.isEmpty else { return nil }
        return (AttributeKeys.roleName, value)
    }

    /// Every dialect's name of every such parameter.
    public static let allNames: [String] = suffixes.flatMap(names)
}

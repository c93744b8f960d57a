import ProviderConfiguration

extension ProcessVaultSettings.Setting {
    /// The two flag declarations: `-vault-*`, and its OpenBao twin naming the `BAO_*` variable.
    package var flags: (vault: GoFlagSet.Flag, openBao: GoFlagSet.Flag) {
        func fallback(_ prefix: String) -> String {
            variables.last { $0.hasPrefix(prefix) }.map { " (else \($0))" } ?? ""
        }
        let vaultUsage = what + fallback("VAULT_") + (note.map { "; \($0)" } ?? "")
        let openBaoUsage = "-vault-\(suffix) under the OpenBao fork's name" + fallback("BAO_")
        let flagKind: GoFlagSet.Kind = kind == .bool ? .bool : .string
        return (
            GoFlagSet.Flag("vault-" + suffix, flagKind, default: vaultDefault, usage: vaultUsage),
            GoFlagSet.Flag("openbao-" + suffix, flagKind, default: kind == .bool ? "false" : "", usage: openBaoUsage)
        )
    }
}

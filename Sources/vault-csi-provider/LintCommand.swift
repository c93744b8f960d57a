/// `vault-csi-provider lint FILE...`: checks SecretProviderClass manifests offline.
enum LintCommand {
    /// Runs the command; the exit status: 0 no errors, 1 errors, 2 usage.
    static func run(_ arguments: [String]) -> Int32 {
        print("lint: not implemented yet")
        return 1
    }
}

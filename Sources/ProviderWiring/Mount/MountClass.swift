import FoundationEssentials
import ProviderConfiguration

/// The SecretProviderClass a mount uses: its name and `spec.parameters`, every value as a string.
struct MountClass {
    let name: String
    let parameters: [String: String]

    private init(name: String, parameters: [String: String]) {
        self.name = name
        self.parameters = parameters
    }

    /// The class with its address (`vaultAddress`, or the OpenBao fork's `baoAddress`/`openbaoAddress`, which would
    /// win over it) replaced by `address` (`-vault-addr`); unchanged when `address` is nil.
    func replacingVaultAddress(with address: String?) -> MountClass {
        guard let address else { return self }
        var replaced = parameters
        for name in ParameterDialects.names("Address") { replaced[name] = nil }
        replaced[AttributeKeys.vaultAddress] = address
        return MountClass(name: name, parameters: replaced)
    }

    /// Reads the SecretProviderClass documents of the manifest at `path` (other kinds are skipped) and picks
    /// `named`, or the only one. Choosing is a usage error (exit 2); an unusable file or class fails (exit 1).
    static func load(path: String, named: String?) throws -> MountClass {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MountCommandFailure("cannot read \(path)")
        }
        let manifest = SecretProviderClassDocuments(text: String(decoding: data, as: UTF8.self))
        if let (line, problem) = manifest.yamlProblem {
            throw MountCommandFailure("\(path): " + (line.map { "line \($0): " } ?? "") + problem)
        }
        let classes = manifest.documents
        let names = classes.map(\.name)
        guard !classes.isEmpty else { throw MountCommandFailure("\(path) holds no SecretProviderClass") }
        let chosen: SecretProviderClassDocuments.Document
        if let named {
            guard let match = classes.first(where: { $0.name == named }) else {
                throw MountCommandUsageError(
                    "\(path) has no SecretProviderClass named \"\(named)\"; it has: \(names.joined(separator: ", "))")
            }
            chosen = match
        } else {
            guard classes.count == 1 else {
                throw MountCommandUsageError(
                    """
                    \(path) holds \(classes.count) SecretProviderClasses; pick one with -class: \
                    \(names.joined(separator: ", "))
                    """
                )
            }
            chosen = classes[0]
        }
        guard chosen.provider == "vault" else {
            throw MountCommandFailure(
                """
                SecretProviderClass \"\(chosen.name)\" is for provider \"\(chosen.provider)\"; this command mounts \
                provider \"vault\" only
                """
            )
        }
        do {
            return MountClass(name: chosen.name, parameters: try chosen.parameters())
        } catch {
            throw MountCommandFailure("SecretProviderClass \"\(chosen.name)\": \(error)")
        }
    }
}

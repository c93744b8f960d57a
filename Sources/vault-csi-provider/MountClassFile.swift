import Foundation
import ProviderConfiguration
import Yams

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
            throw MountFailure("cannot read \(path)")
        }
        let classes = try classNodes(in: String(decoding: data, as: UTF8.self), path: path)
        let names = classes.map(\.name)
        guard !classes.isEmpty else { throw MountFailure("\(path) holds no SecretProviderClass") }
        let chosen: (name: String, node: Node)
        if let named {
            guard let match = classes.first(where: { $0.name == named }) else {
                throw MountUsageError("\(path) has no SecretProviderClass named \"\(named)\"; it has: \(names.joined(separator: ", "))")
            }
            chosen = match
        } else {
            guard classes.count == 1 else {
                throw MountUsageError("\(path) holds \(classes.count) SecretProviderClasses; pick one with -class: \(names.joined(separator: ", "))")
            }
            chosen = classes[0]
        }
        return try MountClass(name: chosen.name, node: chosen.node)
    }

    /// Checks `spec.provider` and reads `spec.parameters`; unquoted scalars are taken as their text.
    private init(name: String, node: Node) throws {
        let spec = Self.field(node, "spec")
        let provider = spec.flatMap { Self.field($0, "provider") }?.scalar?.string ?? ""
        guard provider == "vault" else {
            throw MountFailure("SecretProviderClass \"\(name)\" is for provider \"\(provider)\"; this command mounts provider \"vault\" only")
        }
        var parameters: [String: String] = [:]
        if case .mapping(let mapping)? = spec.flatMap({ Self.field($0, "parameters") }) {
            for (key, value) in mapping {
                guard let key = key.scalar?.string else { continue }
                guard let text = value.scalar?.string else {
                    throw MountFailure("SecretProviderClass \"\(name)\": spec.parameters.\(key) must be a string")
                }
                parameters[key] = text
            }
        }
        self.name = name
        self.parameters = parameters
    }

    /// Every `kind: SecretProviderClass` document with its `metadata.name`.
    private static func classNodes(in text: String, path: String) throws -> [(name: String, node: Node)] {
        var classes: [(name: String, node: Node)] = []
        do {
            // `.basic`: the default resolver loads ICU for its regular expressions.
            let parser = try Parser(yaml: text, resolver: .basic)
            while let document = try parser.nextRoot() {
                guard field(document, "kind")?.scalar?.string == "SecretProviderClass" else { continue }
                let name = field(document, "metadata").flatMap { field($0, "name") }?.scalar?.string ?? ""
                classes.append((name, document))
            }
        } catch let error as YamlError {
            throw MountFailure("\(path): \(describe(error))")
        }
        return classes
    }

    /// The value under a plain string key of a mapping.
    private static func field(_ node: Node, _ key: String) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.first { $0.key.scalar?.string == key }?.value
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line): \(problem)"
        default:
            return "\(error)"
        }
    }
}

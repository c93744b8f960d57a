import Yams

/// The SecretProviderClass documents of a manifest file, other kinds skipped: what `lint` checks and `mount` uses.
public struct SecretProviderClassDocuments {
    /// One `kind: SecretProviderClass` document.
    public struct Document {
        /// `metadata.name`, "" when absent.
        public let name: String
        /// `apiVersion`, when it is a string.
        public let apiVersion: String?
        let root: Node
        let mapping: Node.Mapping
    }

    /// The classes read before the first YAML error, if any.
    public let documents: [Document]
    /// That error: its line in the text (1-based) and the problem.
    public let yamlProblem: (line: Int?, problem: String)?
    /// The parser owns the anchors (nodes hold them weakly): kept alive as long as the documents.
    private let parser: Parser?

    /// Reads `text`; never throws: a YAML error ends the reading and is kept in `yamlProblem`.
    public init(text: String) {
        var documents: [Document] = []
        var parser: Parser?
        do {
            // `.basic`: the default resolver loads ICU for its regular expressions.
            YAMLNesting.bounded
            let reader = try Parser(yaml: text, resolver: .basic)
            parser = reader
            while let root = try reader.nextRoot() {
                guard case .mapping(let mapping) = root, Self.string(mapping, "kind") == "SecretProviderClass" else { continue }
                let metadata = mapping.first { $0.key.scalar?.string == "metadata" }?.value
                let name = metadata.flatMap { node -> String? in
                    guard case .mapping(let fields) = node else { return nil }
                    return Self.string(fields, "name")
                } ?? ""
                documents.append(Document(name: name, apiVersion: Self.string(mapping, "apiVersion"), root: root, mapping: mapping))
            }
            yamlProblem = nil
        } catch {
            yamlProblem = YAMLProblem.describe(error)
        }
        self.documents = documents
        self.parser = parser
    }

    /// The scalar text under a plain string key.
    static func string(_ mapping: Node.Mapping, _ key: String) -> String? {
        mapping.first { $0.key.scalar?.string == key }?.value.scalar?.string
    }
}

extension SecretProviderClassDocuments.Document {
    /// `spec.provider`, "" when absent.
    public var provider: String {
        specField("provider")?.scalar?.string ?? ""
    }

    /// `spec.parameters`, each value as its text; throws naming the first parameter that is not a scalar.
    public func parameters() throws -> [String: String] {
        guard case .mapping(let mapping)? = specField("parameters") else { return [:] }
        var parameters: [String: String] = [:]
        for (key, value) in mapping {
            guard let key = key.scalar?.string else { continue }
            guard let text = value.scalar?.string else {
                throw ConfigurationError.invalidParameter(name: "spec.parameters.\(key)", problem: "must be a string")
            }
            parameters[key] = text
        }
        return parameters
    }

    private func specField(_ key: String) -> Node? {
        guard case .mapping(let spec)? = mapping.first(where: { $0.key.scalar?.string == "spec" })?.value else { return nil }
        return spec.first { $0.key.scalar?.string == key }?.value
    }
}

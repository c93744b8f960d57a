import YAMLNodes

/// The SecretProviderClass documents of a manifest file, other kinds skipped: what `lint` checks and `mount` uses.
public struct SecretProviderClassDocuments: Sendable {
    /// One `kind: SecretProviderClass` document.
    public struct Document: Sendable {
        /// `metadata.name`, "" when absent.
        public let name: String
        /// `apiVersion`, when it is a string.
        public let apiVersion: String?
        let root: YAMLNode
        let mapping: YAMLNode.Mapping
    }

    /// The classes read before the first YAML error, if any.
    public let documents: [Document]
    /// That error: its line in the text (1-based) and the problem.
    public let yamlProblem: (line: Int?, problem: String)?

    /// Reads `text`; never throws: a YAML error ends the reading and is kept in `yamlProblem`.
    public init(text: String) {
        var documents: [Document] = []
        do {
            let reader = YAMLParser(text, options: YAMLReading.manifests)
            while let root = try reader.nextRoot() {
                guard let mapping = root.mapping, Self.string(mapping, "kind") == "SecretProviderClass" else {
                    continue
                }
                let name = mapping["metadata"]?.mapping.flatMap { Self.string($0, "name") } ?? ""
                documents.append(
                    Document(name: name, apiVersion: Self.string(mapping, "apiVersion"), root: root, mapping: mapping))
            }
            yamlProblem = nil
        } catch {
            yamlProblem = (error.line, error.problem)
        }
        self.documents = documents
    }

    /// The scalar text under a string key.
    static func string(_ mapping: YAMLNode.Mapping, _ key: String) -> String? {
        mapping[key]?.text
    }
}

extension SecretProviderClassDocuments.Document {
    /// `spec.provider`, "" when absent.
    public var provider: String {
        specField("provider")?.text ?? ""
    }

    /// `spec.parameters`, each value as its text; throws naming the first parameter that is not a scalar.
    public func parameters() throws -> [String: String] {
        guard let mapping = specField("parameters")?.mapping else { return [:] }
        var parameters: [String: String] = [:]
        for pair in mapping.pairs {
            guard let key = pair.key.text else { continue }
            guard let text = pair.value.text else {
                throw ConfigurationError.invalidParameter(name: "spec.parameters.\(key)", problem: "must be a string")
            }
            parameters[key] = text
        }
        return parameters
    }

    private func specField(_ key: String) -> YAMLNode? {
        mapping["spec"]?.mapping?[key]
    }
}

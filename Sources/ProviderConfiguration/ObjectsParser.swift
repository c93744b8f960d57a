import ProviderValues
import YAMLNodes

/// Parses the `objects` YAML of a SecretProviderClass into validated `SecretObject`s.
public enum ObjectsParser {
    /// Parses and validates the whole list; every error names the object and the field.
    public static func parse(_ yaml: String) throws -> [SecretObject] {
        let root: YAMLNode?
        do {
            root = try YAMLParser(yaml, options: YAMLReading.objects).singleRoot()
        } catch {
            throw ConfigurationError.invalidYAML(line: error.line, problem: error.problem)
        }
        guard let root else { throw ConfigurationError.noObjects }
        if YAMLScalar.isNull(root) { throw ConfigurationError.noObjects }
        guard let sequence = root.items else {
            throw ConfigurationError.invalidYAML(line: root.line, problem: "expected a list of objects")
        }
        if sequence.isEmpty { throw ConfigurationError.noObjects }
        if sequence.count > Limits.maxObjects {
            throw ConfigurationError.tooManyObjects(count: sequence.count, limit: Limits.maxObjects)
        }
        let objects = try sequence.enumerated().map { index, node in try parseObject(node, index: index) }
        try checkUniqueNames(objects)
        return objects
    }

    private static func parseObject(_ node: YAMLNode, index: Int) throws -> SecretObject {
        guard let mapping = node.mapping else {
            throw ConfigurationError.invalidYAML(
                line: node.line, problem: "objects[\(index)] must be a mapping of fields")
        }
        let fields = MappingFields(mapping)
        let label = ObjectRules.label(fields, index: index)
        if let problem = ObjectRules.problems(in: fields, label: label).first { throw problem.error }
        func text(_ field: String) -> String { fields.string(field) ?? "" }
        guard let encoding = Encoding(field: text("encoding")) else {
            throw ConfigurationError.invalidEncoding(object: label, value: text("encoding"))
        }
        var secretArgs: [String: JSONValue]?
        if let node = fields[nonNull: "secretArgs"], case .object(let members) = try jsonValue(node) {
            secretArgs = members
        }
        let method = text("method").uppercased()
        return SecretObject(
            objectName: text("objectName"),
            secretPath: text("secretPath"),
            secretKey: text("secretKey"),
            method: method.isEmpty ? "GET" : method,
            secretArgs: secretArgs,
            encoding: encoding,
            filePermission: fields[nonNull: "filePermission"].flatMap { FilePermission.parseYAML($0.text ?? "") },
            template: fields.string("template"),
            format: fields.string("format").flatMap { $0.isEmpty ? nil : SecretFormat(rawValue: $0) },
            fileOwner: fields[nonNull: "fileOwner"].flatMap { NumericID.parse($0.text ?? "") },
            fileGroup: fields[nonNull: "fileGroup"].flatMap { NumericID.parse($0.text ?? "") },
            optional: fields[nonNull: "optional"].flatMap(ObjectRules.boolean) ?? false
        )
    }

    /// Converts a YAML node into JSON, typing scalars as the reference does (`YAMLScalar`). Recursive: the parser
    /// bounds the depth to `Limits.maxYAMLDepth`.
    static func jsonValue(_ node: YAMLNode) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return YAMLScalar.value(of: scalar)
        case .sequence(let sequence):
            return .array(try sequence.items.map(jsonValue))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for pair in mapping.pairs {
                guard let name = pair.key.text else {
                    throw ConfigurationError.invalidYAML(line: pair.key.line, problem: "mapping keys must be strings")
                }
                members[name] = try jsonValue(pair.value)
            }
            return .object(members)
        }
    }

    private static func checkUniqueNames(_ objects: [SecretObject]) throws {
        var seen: Set<String> = []
        var duplicated: Set<String> = []
        for object in objects where !seen.insert(object.objectName).inserted {
            duplicated.insert(object.objectName)
        }
        if !duplicated.isEmpty { throw ConfigurationError.duplicateObjectNames(duplicated.sorted()) }
    }
}

import ProviderValues
import Yams

/// Parses the `objects` YAML of a SecretProviderClass into validated `SecretObject`s.
public enum ObjectsParser {
    /// Parses and validates the whole list; every error names the object and the field.
    public static func parse(_ yaml: String) throws -> [SecretObject] {
        let root: Node?
        do {
            // The parser owns the anchors (nodes hold them weakly): keep it alive while the shape is checked.
            YAMLNesting.bounded
            let parser = try Parser(yaml: yaml, resolver: .basic)
            root = try parser.singleRoot()
            if let root, let (line, problem) = withExtendedLifetime(parser, { YAMLShape.problem(in: root) }) {
                throw ConfigurationError.invalidYAML(line: line, problem: problem)
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            let (line, problem) = YAMLProblem.describe(error)
            throw ConfigurationError.invalidYAML(line: line, problem: problem)
        }
        guard let root else { throw ConfigurationError.noObjects }
        if YAMLScalar.isNull(root) { throw ConfigurationError.noObjects }
        guard case .sequence(let sequence) = root else {
            throw ConfigurationError.invalidYAML(line: root.mark?.line, problem: "expected a list of objects")
        }
        if sequence.isEmpty { throw ConfigurationError.noObjects }
        if sequence.count > Limits.maxObjects {
            throw ConfigurationError.tooManyObjects(count: sequence.count, limit: Limits.maxObjects)
        }
        let objects = try sequence.enumerated().map { index, node in try parseObject(node, index: index) }
        try checkUniqueNames(objects)
        return objects
    }

    private static func parseObject(_ node: Node, index: Int) throws -> SecretObject {
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError.invalidYAML(line: node.mark?.line, problem: "objects[\(index)] must be a mapping of fields")
        }
        let fields = MappingFields(mapping)
        let label = ObjectRules.label(fields, index: index)
        if let problem = ObjectRules.problems(in: fields, label: label).first { throw problem.error }
        func text(_ field: String) -> String { fields.string(field) ?? "" }
        guard let encoding = Encoding(field: text("encoding")) else {
            throw ConfigurationError.invalidEncoding(object: label, value: text("encoding"))
        }
        var secretArgs: [String: JSONValue]?
        if let node = fields[nonNull: "secretArgs"], case .object(let members) = try jsonValue(node) { secretArgs = members }
        let method = text("method").uppercased()
        return SecretObject(
            objectName: text("objectName"),
            secretPath: text("secretPath"),
            secretKey: text("secretKey"),
            method: method.isEmpty ? "GET" : method,
            secretArgs: secretArgs,
            encoding: encoding,
            filePermission: fields[nonNull: "filePermission"].flatMap { FilePermission.parseYAML($0.scalar?.string ?? "") },
            template: fields.string("template"),
            format: fields.string("format").flatMap { $0.isEmpty ? nil : SecretFormat(rawValue: $0) },
            fileOwner: fields[nonNull: "fileOwner"].flatMap { NumericID.parse($0.scalar?.string ?? "") },
            fileGroup: fields[nonNull: "fileGroup"].flatMap { NumericID.parse($0.scalar?.string ?? "") }
        )
    }

    /// Converts a YAML node into JSON, typing scalars as the reference does (`YAMLScalar`).
    static func jsonValue(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return YAMLScalar.value(of: scalar)
        case .sequence(let sequence):
            return .array(try sequence.map(jsonValue))
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else {
                    throw ConfigurationError.invalidYAML(line: key.mark?.line, problem: "mapping keys must be strings")
                }
                members[name] = try jsonValue(value)
            }
            return .object(members)
        case .alias:
            throw ConfigurationError.invalidYAML(line: node.mark?.line, problem: "aliases are not allowed")
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

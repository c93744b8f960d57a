import ProviderValues
import Yams

/// Parses the `objects` YAML of a SecretProviderClass into validated `SecretObject`s.
public enum ObjectsParser {
    /// Parses and validates the whole list; every error names the object and the field.
    public static func parse(_ yaml: String) throws -> [SecretObject] {
        let root: Node?
        do {
            // The parser owns the anchors (nodes hold them weakly): keep it alive while the shape is checked.
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
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            fields[name] = value
        }
        func string(_ field: String, in label: String) throws -> String {
            guard let value = fields[field] else { return "" }
            if case .scalar(let scalar) = value {
                return YAMLScalar.isNull(value) ? "" : scalar.string
            }
            throw ConfigurationError.invalidObject(object: label, field: field, problem: "expected a string")
        }
        let name = try string("objectName", in: "objects[\(index)]")
        let label = name.isEmpty ? "objects[\(index)]" : "object \(Quoted(name))"
        if name.isEmpty {
            throw ConfigurationError.invalidObject(object: label, field: "objectName", problem: "is required")
        }
        if let problem = VolumePath.problem(with: name) {
            throw ConfigurationError.invalidObject(object: label, field: "objectName", problem: problem)
        }
        let secretPath = try string("secretPath", in: label)
        if secretPath.isEmpty {
            throw ConfigurationError.invalidObject(object: label, field: "secretPath", problem: "is required")
        }
        let encodingText = try string("encoding", in: label)
        guard let encoding = Encoding(field: encodingText) else {
            throw ConfigurationError.invalidEncoding(object: label, value: encodingText)
        }
        let secretKey = try string("secretKey", in: label)
        if secretKey.hasPrefix("/"), JSONPointer(secretKey) == nil {
            throw ConfigurationError.invalidObject(
                object: label, field: "secretKey",
                problem: "\(Quoted(secretKey)) is not a valid JSON Pointer: a ~ must be followed by 0 or 1 (~0 is ~, ~1 is /)")
        }
        let template = try templateField(fields["template"], label: label, secretKey: secretKey, encoding: encodingText)
        let method = try string("method", in: label).uppercased()
        if !method.isEmpty, !method.allSatisfy({ $0.isLetter }) {
            throw ConfigurationError.invalidObject(object: label, field: "method", problem: "\(Quoted(method)) is not an HTTP method")
        }
        return SecretObject(
            objectName: name,
            secretPath: secretPath,
            secretKey: secretKey,
            method: method.isEmpty ? "GET" : method,
            secretArgs: try secretArgs(fields["secretArgs"], label: label),
            encoding: encoding,
            filePermission: try filePermission(fields["filePermission"], label: label),
            template: template,
            fileOwner: try identifier(fields["fileOwner"], field: "fileOwner", label: label),
            fileGroup: try identifier(fields["fileGroup"], field: "fileGroup", label: label)
        )
    }

    /// The `template` field: a string that parses as Mustache, and neither `secretKey` nor `encoding` beside it.
    private static func templateField(_ node: Node?, label: String, secretKey: String, encoding: String) throws -> String? {
        guard let node, !YAMLScalar.isNull(node) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw ConfigurationError.invalidObject(object: label, field: "template", problem: "expected a string")
        }
        if !secretKey.isEmpty {
            throw ConfigurationError.invalidObject(
                object: label, field: "template", problem: "cannot be combined with secretKey: the template selects the keys")
        }
        if !encoding.isEmpty {
            throw ConfigurationError.invalidObject(
                object: label, field: "template", problem: "cannot be combined with encoding: the template's output is written as is")
        }
        if let problem = TemplateSyntax.problem(in: scalar.string) {
            throw ConfigurationError.invalidObject(
                object: label, field: "template", problem: "line \(problem.line), column \(problem.column): \(problem.reason)")
        }
        return scalar.string
    }

    /// A numeric uid or gid (`fileOwner`, `fileGroup`).
    private static func identifier(_ node: Node?, field: String, label: String) throws -> Int? {
        guard let node, !YAMLScalar.isNull(node) else { return nil }
        guard case .scalar(let scalar) = node, let value = NumericID.parse(scalar.string) else {
            throw ConfigurationError.invalidObject(object: label, field: field, problem: "expected a numeric id such as 1000")
        }
        return value
    }

    private static func secretArgs(_ node: Node?, label: String) throws -> [String: JSONValue]? {
        guard let node, !YAMLScalar.isNull(node) else { return nil }
        guard case .object(let members) = try jsonValue(node) else {
            throw ConfigurationError.invalidObject(object: label, field: "secretArgs", problem: "expected a mapping")
        }
        return members
    }

    private static func filePermission(_ node: Node?, label: String) throws -> Int? {
        guard let node, !YAMLScalar.isNull(node) else { return nil }
        guard case .scalar(let scalar) = node, scalar.style == .plain, let mode = FilePermission.parseYAML(scalar.string) else {
            throw ConfigurationError.invalidObject(
                object: label, field: "filePermission",
                problem: "expected a file mode such as 0640 (octal) or 416 (decimal), at most 0777")
        }
        return mode
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

import ProviderValues
import YAMLNodes

/// The rules one entry of `objects` must meet, written once: the mount's parser stops at the first problem, `lint`
/// reports each at its field's line. The problems come in the mount's order of checking.
enum ObjectRules {
    struct Problem {
        /// The field whose line `lint` points at (absent fields: the entry's line).
        let field: String
        let error: ConfigurationError
        /// For a template's syntax error: the line inside the template.
        var templateLine: Int?
    }

    /// `object "name"`, or `objects[index]` without a name.
    static func label(_ fields: MappingFields, index: Int) -> String {
        let name = fields.string("objectName") ?? ""
        return name.isEmpty ? "objects[\(index)]" : "object \(Quoted(name))"
    }

    /// Fields whose value is text: any scalar is taken as its text, a list or mapping is an error.
    static let stringFields = ["objectName", "secretPath", "encoding", "secretKey", "template", "format", "method"]

    static func problems(in fields: MappingFields, label: String) -> [Problem] {
        var problems: [Problem] = []
        func add(_ field: String, _ problem: String, about: String? = nil) {
            problems.append(
                Problem(field: field, error: .invalidObject(object: label, field: about ?? field, problem: problem)))
        }
        let nonStrings = Set(stringFields.filter { fields[$0].map { $0.value.scalar == nil } ?? false })
        /// The field's text ("" when absent or null); nil, with the problem added, when it is not text.
        func text(_ field: String) -> String? {
            guard !nonStrings.contains(field) else {
                add(field, "expected a string")
                return nil
            }
            return fields.string(field) ?? ""
        }

        if let name = text("objectName") {
            if name.isEmpty {
                add("objectName", "is required")
            } else if let problem = VolumePath.problem(with: name) {
                add("objectName", problem)
            }
        }
        if text("secretPath") == "" { add("secretPath", "is required") }
        let encoding = text("encoding")
        if let encoding, Encoding(field: encoding) == nil {
            problems.append(Problem(field: "encoding", error: .invalidEncoding(object: label, value: encoding)))
        }
        let secretKey = text("secretKey")
        if let secretKey, secretKey.hasPrefix("/"), JSONPointer(secretKey) == nil {
            add(
                "secretKey",
                "\(Quoted(secretKey)) is not a valid JSON Pointer: a ~ must be followed by 0 or 1 (~0 is ~, ~1 is /)")
        }
        if let template = text("template"), fields[nonNull: "template"] != nil {
            if !(secretKey ?? "").isEmpty {
                add("secretKey", "cannot be combined with secretKey: the template selects the keys", about: "template")
            }
            if !(encoding ?? "").isEmpty {
                add(
                    "encoding", "cannot be combined with encoding: the template's output is written as is",
                    about: "template")
            }
            if let problem = TemplateSyntax.problem(in: template) {
                problems.append(
                    Problem(
                        field: "template",
                        error: .invalidObject(
                            object: label, field: "template",
                            problem: "line \(problem.line), column \(problem.column): \(problem.reason)"),
                        templateLine: problem.line))
            }
        }
        if let format = text("format"), fields[nonNull: "format"] != nil {
            if SecretFormat(rawValue: format) == nil {
                add("format", "\(Quoted(format)) is not a format: use json or env")
            }
            for (field, value) in [
                ("secretKey", secretKey), ("template", fields.string("template")), ("encoding", encoding),
            ]
            where !(value ?? "").isEmpty {
                add(field, "cannot be combined with \(field): the format writes every key, as stored", about: "format")
            }
        }
        if let method = text("method"), !method.allSatisfy(\.isLetter) {
            add("method", "\(Quoted(method.uppercased())) is not an HTTP method")
        }
        if let value = fields[nonNull: "secretArgs"], value.mapping == nil { add("secretArgs", "expected a mapping") }
        if let value = fields[nonNull: "filePermission"],
            value.scalar?.style != .plain || FilePermission.parseYAML(value.text ?? "") == nil
        {
            add("filePermission", "expected a file mode such as 0640 (octal) or 416 (decimal), at most 0777")
        }
        if let value = fields[nonNull: "optional"], Self.boolean(value) == nil {
            add("optional", "expected true or false")
        }
        for field in ["fileOwner", "fileGroup"] {
            if let value = fields[nonNull: field], NumericID.parse(value.text ?? "") == nil {
                add(field, "expected a numeric id such as 1000")
            }
        }
        return problems
    }

    /// A plain YAML boolean (`true`, `false`, as go-yaml v3 reads them); nil for anything else, quoted text included.
    static func boolean(_ node: YAMLNode) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        switch scalar.text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }
}

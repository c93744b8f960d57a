import FoundationEssentials
import ProviderValues

/// A SecretProviderClass, request or flag that cannot be used; the text names the field and is safe to show in a pod
/// event.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case missingRoleName
    case noObjects
    case duplicateObjectNames([String])
    case tooManyObjects(count: Int, limit: Int)
    case invalidAttributes(String)
    case invalidSecrets(String)
    case invalidPermission(String)
    case invalidYAML(line: Int?, problem: String)
    case invalidObject(object: String, field: String, problem: String)
    case invalidEncoding(object: String, value: String)
    case invalidParameter(name: String, problem: String)
    case conflictingParameters(String, String)

    public var description: String {
        switch self {
        case .missingRoleName:
            return "missing 'roleName' in SecretProviderClass definition"
        case .noObjects:
            return "no secrets configured - the provider will not read any secret material"
        case .duplicateObjectNames(let names):
            return
                """
                each `objectName` within a SecretProviderClass must be unique, but the following keys were \
                duplicated:\u{20}
                """
                    + names.sorted().joined(separator: ", ")
        case .tooManyObjects(let count, let limit):
            return "objects: \(count) objects configured, at most \(limit) are allowed"
        case .invalidAttributes(let problem):
            return "attributes: \(problem)"
        case .invalidSecrets(let problem):
            return "secrets: \(problem)"
        case .invalidPermission(let problem):
            return "permission: \(problem)"
        case .invalidYAML(let line, let problem):
            if let line { return "objects: line \(line): \(problem)" }
            return "objects: \(problem)"
        case .invalidObject(let object, let field, let problem):
            return "objects: \(object): \(field): \(problem)"
        case .invalidEncoding(let object, let value):
            return
                "objects: \(object): encoding \(Quoted(value)): invalid encoding type. Should be utf-8, base64, or hex"
        case .invalidParameter(let name, let problem):
            return "\(name): \(problem)"
        case .conflictingParameters(let first, let second):
            return "\(first) and \(second) are both set; set only one of them"
        }
    }
}

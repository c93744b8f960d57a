import ProviderValues

/// One entry of the `objects` list: which Vault read feeds which file.
public struct SecretObject: Sendable, Hashable {
    /// File name in the volume; unique in the class.
    public var objectName: String
    /// Vault path as written in the class, optionally with `?query`.
    public var secretPath: String
    /// Key inside `data`; empty means the whole response.
    public var secretKey: String
    /// HTTP method, upper-cased; GET by default.
    public var method: String
    /// JSON body for the request, when given.
    public var secretArgs: [String: JSONValue]?
    /// How the value is decoded before it is written.
    public var encoding: Encoding
    /// The file's mode, when set on the object.
    public var filePermission: Int?
    /// A Mustache template rendered with the read's data; exclusive with `secretKey` and `encoding`.
    public var template: String?
    /// The whole data in one file (`json`, `env`); exclusive with `secretKey`, `template` and `encoding`.
    public var format: SecretFormat?
    /// Numeric owner and group of the file (provider write mode only), from the object or the class.
    public var fileOwner: Int?
    public var fileGroup: Int?
    /// `optional: true`: a 404 for its path, or data without what it selects, leaves its files out instead of failing
    /// the mount.
    public var optional: Bool

    /// `secretKey: "*"`: every top-level key of the data becomes its own file, `<objectName>/<key>`.
    public static let everyKey = "*"

    public init(
        objectName: String, secretPath: String, secretKey: String = "", method: String = "GET",
        secretArgs: [String: JSONValue]? = nil, encoding: Encoding = .utf8, filePermission: Int? = nil,
        template: String? = nil, format: SecretFormat? = nil, fileOwner: Int? = nil, fileGroup: Int? = nil,
        optional: Bool = false
    ) {
        self.objectName = objectName
        self.secretPath = secretPath
        self.secretKey = secretKey
        self.method = method
        self.secretArgs = secretArgs
        self.encoding = encoding
        self.filePermission = filePermission
        self.template = template
        self.format = format
        self.fileOwner = fileOwner
        self.fileGroup = fileGroup
        self.optional = optional
    }

    /// The object's configuration as canonical JSON, as hashed into its version.
    public var configurationJSON: String {
        var members: [String: JSONValue] = [
            "objectName": .string(objectName),
            "secretPath": .string(secretPath),
            "secretKey": .string(secretKey),
            "method": .string(method),
            "encoding": .string(encoding.rawValue),
        ]
        if let secretArgs { members["secretArgs"] = .object(secretArgs) }
        if let filePermission { members["filePermission"] = .number(String(filePermission)) }
        if let template { members["template"] = .string(template) }
        if let format { members["format"] = .string(format.rawValue) }
        if let fileOwner { members["fileOwner"] = .number(String(fileOwner)) }
        if let fileGroup { members["fileGroup"] = .number(String(fileGroup)) }
        if optional { members["optional"] = .bool(true) }
        return JSONValue.object(members).canonicalJSON
    }
}

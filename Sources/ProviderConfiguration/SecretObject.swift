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

    public init(
        objectName: String, secretPath: String, secretKey: String = "", method: String = "GET",
        secretArgs: [String: JSONValue]? = nil, encoding: Encoding = .utf8, filePermission: Int? = nil
    ) {
        self.objectName = objectName
        self.secretPath = secretPath
        self.secretKey = secretKey
        self.method = method
        self.secretArgs = secretArgs
        self.encoding = encoding
        self.filePermission = filePermission
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
        return JSONValue.object(members).canonicalJSON
    }
}

import FoundationEssentials
import ProviderConfiguration
import ProviderValues

/// Turns one Vault answer into an object's files: key, JSON Pointer, every key or template; decoding, mode,
/// ownership and the size limit.
enum SecretRenderer {
    /// The files for `object` from the answer of the read that served it: one, or one per key for `secretKey: "*"`,
    /// each with the object it counts as for its version (`<objectName>/<key>` for every key).
    static func files(for object: SecretObject, answer: VaultAnswer, defaultMode: Int) throws -> [(
        object: SecretObject, file: RenderedFile
    )] {
        let label = "couldn't read secret \"\(object.objectName)\": "
        if let template = object.template {
            let text: String
            switch TemplateRenderer.render(template, data: try data(of: answer, object: object, label: label)) {
            case .success(let rendered): text = rendered
            case .failure(.missing(let missing)):
                let names = missing.map { "\"\($0)\"" }.joined(separator: ", ")
                throw MountError(.notFound, label + "template: the data at \(object.secretPath) has no \(names)")
            case .failure(.unparsable):
                throw MountError(.invalidArgument, label + "template: it does not parse")
            case .failure(.tooLarge):
                throw MountError(
                    .invalidArgument,
                    label + "template: the file would be more than the \(Limits.maxFileBytes)-byte limit")
            }
            return [
                (
                    object,
                    try file(object.objectName, Data(text.utf8), object: object, defaultMode: defaultMode, label: label)
                )
            ]
        }
        if let format = object.format {
            let contents = try FormattedSecret.contents(
                of: data(of: answer, object: object, label: label), format: format, label: label)
            return [
                (object, try file(object.objectName, contents, object: object, defaultMode: defaultMode, label: label))
            ]
        }
        if object.secretKey == SecretObject.everyKey {
            return try everyKey(of: object, answer: answer, defaultMode: defaultMode, label: label)
        }
        let value: Data
        if !object.secretKey.isEmpty {
            value = try select(key: object.secretKey, from: answer, object: object, label: label)
        } else if answer.body.isEmpty {
            throw MountError(.notFound, label + "{\(object.secretPath)}: {Vault returned an empty response}")
        } else {
            value = WholeResponse.withoutRequestID(answer.body)
        }
        let contents = try decode(value, encoding: object.encoding, label: label)
        return [(object, try file(object.objectName, contents, object: object, defaultMode: defaultMode, label: label))]
    }

    /// `secretKey: "*"`: each top-level key of the data as `<objectName>/<key>`, in key order.
    private static func everyKey(
        of object: SecretObject, answer: VaultAnswer, defaultMode: Int,
        label: String
    ) throws -> [(object: SecretObject, file: RenderedFile)] {
        guard case .object(let members) = try data(of: answer, object: object, label: label), !members.isEmpty else {
            throw MountError(.notFound, label + "{\(object.secretPath)}: {no keys at the secret path}")
        }
        return try members.keys.sorted().map { key in
            let path = object.objectName + "/" + key
            if key.contains("/") || VolumePath.problem(with: path) != nil {
                throw MountError(
                    .invalidArgument, label + "secretKey \"*\": the key \(Quoted(key)) is not a legal file name")
            }
            var keyObject = object
            keyObject.objectName = path
            keyObject.secretKey = key
            let contents = try decode(text(of: members[key]!), encoding: object.encoding, label: label)
            return (keyObject, try file(path, contents, object: object, defaultMode: defaultMode, label: label))
        }
    }

    private static func file(_ path: String, _ contents: Data, object: SecretObject, defaultMode: Int, label: String)
        throws -> RenderedFile
    {
        if contents.count > Limits.maxFileBytes {
            throw MountError(
                .invalidArgument,
                label + "the file is \(contents.count) bytes, more than the \(Limits.maxFileBytes)-byte limit")
        }
        return RenderedFile(
            path: path, mode: object.filePermission ?? defaultMode, contents: contents,
            owner: object.fileOwner, group: object.fileGroup)
    }

    /// The read's data: KV v2's inner `data.data`, else the response's `data`.
    private static func data(of answer: VaultAnswer, object: SecretObject, label: String) throws -> JSONValue {
        let notFound = { (problem: String) in MountError(.notFound, label + "{\(object.secretPath)}: {\(problem)}") }
        guard !answer.body.isEmpty else { throw notFound("Vault returned an empty response") }
        guard let json = answer.json else {
            throw MountError(.internal, label + "{\(object.secretPath)}: {Vault's response is not JSON}")
        }
        guard let data = json["data"], data != .null else { throw notFound("no data at the secret path") }
        if case .object(let members) = data, case .object? = members["data"] { return members["data"]! }
        return data
    }

    /// The value under a plain key or a JSON Pointer (a key starting with `/`); strings raw, other values as JSON.
    private static func select(key: String, from answer: VaultAnswer, object: SecretObject, label: String) throws
        -> Data
    {
        let data = try data(of: answer, object: object, label: label)
        let value: JSONValue?
        if key.hasPrefix("/"), let pointer = JSONPointer(key) {
            value = pointer.resolve(in: data)
        } else if case .object(let members) = data {
            value = members[key]
        } else {
            value = nil
        }
        guard let value else {
            throw MountError(
                .notFound, label + "{\(object.secretPath)}: {key \"\(key)\" does not exist at the secret path}")
        }
        return text(of: value)
    }

    private static func text(of value: JSONValue) -> Data {
        if case .string(let string) = value { return Data(string.utf8) }
        return Data(value.canonicalJSON.utf8)
    }

    private static func decode(_ value: Data, encoding: Encoding, label: String) throws -> Data {
        switch encoding {
        case .utf8:
            return value
        case .base64:
            let text = String(decoding: value, as: UTF8.self).trimmingWhitespace()
            guard let decoded = Data(base64Encoded: text) else {
                throw MountError(.invalidArgument, label + "encoding: the value is not valid base64")
            }
            return decoded
        case .hex:
            let text = String(decoding: value, as: UTF8.self).trimmingWhitespace()
            guard let decoded = Hex.decode(text) else {
                throw MountError(.invalidArgument, label + "encoding: the value is not valid hex")
            }
            return decoded
        }
    }
}

/// Hexadecimal text to bytes.
enum Hex {
    static func decode(_ text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = Data(capacity: digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

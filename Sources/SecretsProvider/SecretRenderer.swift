import Foundation
import ProviderConfiguration

/// Turns one Vault answer into one object's file: key selection, decoding, mode and size limit.
enum SecretRenderer {
    /// The file for `object` from the body of the read that served it.
    static func render(_ object: SecretObject, body: Data, defaultMode: Int) throws -> RenderedFile {
        try render(object, answer: VaultAnswer(body: body), defaultMode: defaultMode)
    }

    /// The file for `object` from the answer of the read that served it.
    static func render(_ object: SecretObject, answer: VaultAnswer, defaultMode: Int) throws -> RenderedFile {
        let label = "couldn't read secret \"\(object.objectName)\": "
        let body = answer.body
        var value = body
        if !object.secretKey.isEmpty {
            value = try select(key: object.secretKey, from: answer, object: object, label: label)
        } else if body.isEmpty {
            throw MountError(.notFound, label + "{\(object.secretPath)}: {Vault returned an empty response}")
        }
        let contents = try decode(value, encoding: object.encoding, label: label)
        if contents.count > Limits.maxFileBytes {
            throw MountError(.invalidArgument, label + "the file is \(contents.count) bytes, more than the \(Limits.maxFileBytes)-byte limit")
        }
        return RenderedFile(path: object.objectName, mode: object.filePermission ?? defaultMode, contents: contents)
    }

    /// The value under `data.<key>`, descending into KV v2's `data.data`; strings raw, other values as JSON.
    private static func select(key: String, from answer: VaultAnswer, object: SecretObject, label: String) throws -> Data {
        let notFound = { (problem: String) in
            MountError(.notFound, label + "{\(object.secretPath)}: {\(problem)}")
        }
        guard !answer.body.isEmpty else { throw notFound("Vault returned an empty response") }
        guard let json = answer.json else {
            throw MountError(.internal, label + "{\(object.secretPath)}: {Vault's response is not JSON}")
        }
        guard case .object(var data)? = json["data"] else { throw notFound("no data at the secret path") }
        if case .object(let inner)? = data["data"] { data = inner }
        guard let value = data[key] else { throw notFound("key \"\(key)\" does not exist at the secret path") }
        if case .string(let string) = value { return Data(string.utf8) }
        return Data(value.canonicalJSON.utf8)
    }

    private static func decode(_ value: Data, encoding: Encoding, label: String) throws -> Data {
        switch encoding {
        case .utf8:
            return value
        case .base64:
            let text = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let decoded = Data(base64Encoded: text) else {
                throw MountError(.invalidArgument, label + "encoding: the value is not valid base64")
            }
            return decoded
        case .hex:
            let text = String(decoding: value, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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

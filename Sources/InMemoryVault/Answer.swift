import ProviderValues

/// One answer of the in-memory Vault: a status and a JSON body, shaped as Vault's.
struct Answer {
    let status: Int
    let body: JSONValue?

    static func ok(_ body: JSONValue) -> Answer { Answer(status: 200, body: body) }
    static let noContent = Answer(status: 204, body: nil)

    /// Vault's error body: `{"errors": [message]}`.
    static func error(_ status: Int, _ message: String) -> Answer {
        Answer(status: status, body: .object(["errors": .array([.string(message)])]))
    }

    /// Whole seconds, rounded to the nearest, as Vault reports TTLs.
    static func seconds(_ duration: Duration) -> Int {
        Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18).rounded())
    }

    static let permissionDenied = error(403, "permission denied")
    static let notFound = Answer(status: 404, body: .object(["errors": .array([])]))

    /// The envelope of a secret: `data` with a lease (empty id for none), as every Vault read answers.
    static func secret(_ data: JSONValue, leaseID: String = "", leaseSeconds: Int = 0, renewable: Bool = false)
        -> Answer
    {
        .ok(
            .object([
                "request_id": .string(UUIDText.random()), "lease_id": .string(leaseID), "renewable": .bool(renewable),
                "lease_duration": .number(String(leaseSeconds)), "data": data, "wrap_info": .null, "warnings": .null,
                "auth": .null,
            ]))
    }
}

/// A random UUID as text, for request ids.
enum UUIDText {
    static func random() -> String {
        (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
    }
}

extension JSONValue {
    /// A number from an integer.
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// An integer from a number or a numeric string (`"3600"`, `"3600s"`).
    var intValue: Int? {
        switch self {
        case .number(let literal): return Int(literal) ?? Double(literal).map { Int($0) }
        case .string(let text): return Int(text.hasSuffix("s") ? String(text.dropLast()) : text)
        default: return nil
        }
    }
}

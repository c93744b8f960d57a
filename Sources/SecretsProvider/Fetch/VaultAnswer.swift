import FoundationEssentials
import ProviderConfiguration
import ProviderValues

/// One Vault answer, parsed once however many objects use it.
struct VaultAnswer: Sendable {
    /// The body as Vault sent it.
    let body: Data
    /// The body as JSON, when it is JSON.
    let json: JSONValue?
    /// Vault had nothing at the path (404), and every object reading it is optional.
    let isAbsent: Bool

    init(body: Data) {
        self.body = body
        self.json = body.isEmpty ? nil : try? JSONValue(parsing: body)
        self.isAbsent = false
    }

    private init(absent: Void) {
        body = Data()
        json = nil
        isAbsent = true
    }

    /// The answer of a 404 for optional objects: they are left out.
    static let absent = VaultAnswer(absent: ())

    /// The lease in seconds, when the answer carries one (`lease_id` set and `lease_duration` > 0).
    var lease: Int? {
        guard let id = json?["lease_id"]?.stringValue, !id.isEmpty,
            let seconds = VaultLifetime.seconds(json?["lease_duration"]), seconds > 0
        else { return nil }
        return seconds
    }

    /// The lease's id, when there is one.
    var leaseID: String? {
        json?["lease_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether Vault says the lease can be renewed.
    var renewable: Bool { json?["renewable"] == .bool(true) }

    /// Whether the answer is a PKI issuance without a lease: `data` holds a `certificate` and its `expiration`.
    var isCertificate: Bool {
        guard lease == nil, json?["data"]?["certificate"]?.stringValue != nil,
            case .number? = json?["data"]?["expiration"]
        else { return false }
        return true
    }

    /// The seconds a certificate stays valid after `now` (seconds since 1970), at most ten years.
    func certificateValidity(now: Double) -> Double? {
        isCertificate ? VaultLifetime.secondsUntil(json?["data"]?["expiration"], now: now) : nil
    }

    /// Whether remounts of the same volume may reuse the answer: it carries a lease, or it is a certificate.
    var isReusable: Bool { lease != nil || isCertificate }

    /// Vault's `warnings`, if any.
    var warnings: [String] {
        guard case .array(let items)? = json?["warnings"] else { return [] }
        return items.compactMap(\.stringValue)
    }
}

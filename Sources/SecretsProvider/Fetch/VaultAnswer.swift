import Foundation
import ProviderConfiguration
import ProviderValues

/// One Vault answer, parsed once however many objects use it.
struct VaultAnswer: Sendable {
    /// The body as Vault sent it.
    let body: Data
    /// The body as JSON, when it is JSON.
    let json: JSONValue?

    init(body: Data) {
        self.body = body
        self.json = body.isEmpty ? nil : try? JSONValue(parsing: body)
    }

    /// The lease in seconds, when the answer carries one (`lease_id` set and `lease_duration` > 0).
    var lease: Int? {
        guard let id = json?["lease_id"]?.stringValue, !id.isEmpty,
              case .number(let literal)? = json?["lease_duration"], let seconds = Int(literal), seconds > 0
        else { return nil }
        return seconds
    }

    /// The lease's id, when there is one.
    var leaseID: String? {
        json?["lease_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether Vault says the lease can be renewed.
    var renewable: Bool { json?["renewable"] == .bool(true) }

    /// A certificate's expiry (seconds since 1970) when the answer is a PKI issuance without a lease: `data` holds a
    /// `certificate` and its `expiration`.
    var certificateExpiration: Int? {
        guard lease == nil, json?["data"]?["certificate"]?.stringValue != nil,
              case .number(let literal)? = json?["data"]?["expiration"] else { return nil }
        return Int(literal) ?? Double(literal).map { Int($0) }
    }

    /// Whether remounts of the same volume may reuse the answer: it carries a lease, or it is a certificate.
    var isReusable: Bool { lease != nil || certificateExpiration != nil }

    /// Vault's `warnings`, if any.
    var warnings: [String] {
        guard case .array(let items)? = json?["warnings"] else { return [] }
        return items.compactMap(\.stringValue)
    }
}

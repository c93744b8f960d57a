import Foundation
import ProviderValues

extension InMemoryVault {
    /// A request to a secrets engine, by a token already checked.
    func engineRequest(_ method: String, path: String, query: String?, body: JSONValue?, token: String) -> Answer {
        guard let (engine, mount, rest) = engine(for: path) else {
            return .error(404, "no handler for route \"\(path)\". route entry not found.")
        }
        switch engine {
        case .kv1:
            guard method == "GET" else { return .error(405, "unsupported operation") }
            guard let data = secrets["\(mount)/\(rest)"]?.last else { return .notFound }
            return .secret(data, leaseSeconds: 2_764_800)
        case .kv2:
            guard method == "GET", rest.hasPrefix("data/") else { return .error(405, "unsupported operation") }
            let versions = secrets["\(mount)/\(rest.dropFirst("data/".count))"] ?? []
            let asked = Self.queryValue("version", in: query).flatMap { Int($0) } ?? 0
            let number = asked == 0 ? versions.count : asked
            guard number >= 1, number <= versions.count else { return .notFound }
            return .secret(
                .object([
                    "data": versions[number - 1],
                    "metadata": .object([
                        "created_time": .string("2026-01-01T00:00:00Z"), "custom_metadata": .null,
                        "deletion_time": .string(""),
                        "destroyed": .bool(false), "version": .int(number),
                    ]),
                ]))
        case .database(let seconds, let maxSeconds):
            guard method == "GET", rest.hasPrefix("creds/") else { return .error(405, "unsupported operation") }
            let role = rest.dropFirst("creds/".count)
            let id = issueLease(
                prefix: "\(mount)/creds/\(role)", owner: token, seconds: seconds, maxSeconds: maxSeconds)
            return .secret(
                .object([
                    "username": .string("v-\(role)-\(serial)"),
                    "password": .string("pw-\(serial)-\(UUIDText.random())"),
                ]),
                leaseID: id, leaseSeconds: seconds, renewable: true)
        case .pki(let ttl):
            guard method == "POST" || method == "PUT", rest.hasPrefix("issue/") else {
                return .error(405, "unsupported operation")
            }
            guard let name = body?["common_name"]?.stringValue, !name.isEmpty else {
                return .error(
                    400,
                    """
                    the common_name field is required, or must be provided in a CSR with \"use_csr_common_name\" \
                    set to true
                    """
                )
            }
            serial += 1
            let expiration = Int(clock.unixTime()) + ttl
            return .secret(
                .object([
                    "certificate": .string(
                        "-----BEGIN CERTIFICATE-----\n\(name) #\(serial)\n-----END CERTIFICATE-----"),
                    "issuing_ca": .string("-----BEGIN CERTIFICATE-----\nin-memory CA\n-----END CERTIFICATE-----"),
                    "ca_chain": .array([.string("-----BEGIN CERTIFICATE-----\nin-memory CA\n-----END CERTIFICATE-----")]
                    ),
                    "private_key": .string("-----BEGIN PRIVATE KEY-----\nkey #\(serial)\n-----END PRIVATE KEY-----"),
                    "private_key_type": .string("ec"), "serial_number": .string(String(format: "4d:%02x", serial)),
                    "expiration": .int(expiration),
                ]))
        }
    }

    static func queryValue(_ name: String, in query: String?) -> String? {
        query?.split(separator: "&").lazy.compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.first == Substring(name) ? String(parts.count > 1 ? parts[1] : "") : nil
        }.first
    }
}

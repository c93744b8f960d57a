import FoundationEssentials
import ProviderValues

extension VaultError {
    /// A non-2xx answer as `.http`, with Vault's own error texts (or the deleted-version note of a 404).
    package init(refusing request: VaultRequest, shownURL: String, response: VaultResponse) {
        let json = try? JSONValue(parsing: response.body)
        var errors =
            json?["errors"].flatMap { value -> [String]? in
                if case .array(let items) = value { return items.compactMap(\.stringValue).map(VaultError.oneLine) }
                return nil
            } ?? []
        if errors.isEmpty, response.status == 404, let deleted = json.flatMap(VaultError.deletedVersion) {
            errors = [deleted]
        }
        self = .http(method: request.method, url: shownURL, status: response.status, errors: errors)
    }

    /// For KV v2's 404 on a deleted or destroyed version (`data.metadata`), what happened to it.
    static func deletedVersion(_ json: JSONValue) -> String? {
        guard case .object(let metadata)? = json["data"]?["metadata"] else { return nil }
        let version: String
        if case .number(let literal)? = metadata["version"] { version = " (\(literal))" } else { version = "" }
        if metadata["destroyed"] == .bool(true) { return "the version\(version) was destroyed" }
        if let time = metadata["deletion_time"]?.stringValue, !time.isEmpty {
            return "the version\(version) was deleted at \(time)"
        }
        return nil
    }

    /// Vault's multi-line error texts folded onto one line, as a pod event shows best.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == "\r" }).map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

import Foundation

extension LeakWatch {
    /// Response fields that are package by nature (certificates and their metadata) or not values at all.
    static let publicDataKeys: Set<String> = [
        "metadata", "certificate", "issuing_ca", "ca_chain", "serial_number", "private_key_type", "expiration",
        "lease_id",
    ]

    /// Registers what a raw OpenBao audit log shows was handed out to anyone but the root token (that is, to the
    /// provider): tokens and accessors, the JWTs sent to log in, and every string value in successful answers' `data`.
    package func registerAuditedSecrets(_ auditLog: String, rootToken: String) {
        guard isEnabled else { return }
        for line in auditLog.split(separator: "\n") {
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                entry["type"] as? String == "response",
                let request = entry["request"] as? [String: Any]
            else { continue }
            let response = entry["response"] as? [String: Any] ?? [:]
            let newAuth = response["auth"] as? [String: Any] ?? [:]
            for (value, kind) in [
                (newAuth["client_token"], "Vault token"), (newAuth["accessor"], "Vault token accessor"),
                ((request["data"] as? [String: Any])?["jwt"], "login JWT"),
            ] {
                if let value = value as? String { registerSecret(value, kind: kind) }
            }
            guard let token = request["client_token"] as? String, !token.isEmpty, token != rootToken else { continue }
            registerSecret(token, kind: "Vault token")
            if let accessor = request["client_token_accessor"] as? String {
                registerSecret(accessor, kind: "Vault token accessor")
            }
            // A refused request's `data` holds only Vault's error text, which errors rightly repeat.
            guard (entry["error"] as? String ?? "").isEmpty else { continue }
            registerStrings(in: response["data"], kind: "value Vault returned (\(request["path"] as? String ?? "?"))")
        }
    }

    /// Registers every string leaf of a JSON value, skipping package fields.
    private func registerStrings(in value: Any?, kind: String) {
        switch value {
        case let text as String:
            registerSecret(text, kind: kind)
        case let object as [String: Any]:
            for (key, item) in object where !Self.publicDataKeys.contains(key) { registerStrings(in: item, kind: kind) }
        case let items as [Any]:
            for item in items { registerStrings(in: item, kind: kind) }
        default:
            break
        }
    }
}

extension LeakWatch {
    /// Registers the contents of every file under `directory` (following the atomic writer's links, skipping its
    /// `..` entries): what a provider-mode mount wrote.
    package func registerFiles(under directory: String, depth: Int = 4) {
        guard isEnabled, depth > 0, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return
        }
        for name in names where !name.hasPrefix("..") {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                registerFiles(under: path, depth: depth - 1)
            } else if let contents = FileManager.default.contents(atPath: path), contents.count <= 1 << 20 {
                registerSecret(String(decoding: contents, as: UTF8.self), kind: "mounted file")
            }
        }
    }
}

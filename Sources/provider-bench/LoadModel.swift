import Foundation
import ProviderTestSupport

/// `make bench`'s load model for docs/agent-patterns.md: one hour of a node's life compressed 60 times against the
/// real OpenBao and PostgreSQL, through the real binary watching its node on the Kubernetes stand-in. Each pod mounts a
/// KV secret, a database credential and a certificate every 2 s (a 2-minute rotation poll); the Vault token lives 60 s
/// (an hour), the database lease 60 s (max 24 min: a day), the certificate 24 min (a day). Vault's requests are counted
/// from its audit log; then one pod is deleted and the time until its database user is gone is measured.
struct LoadModel {
    let providerPath: String
    var pods = 4
    /// The compressed hour.
    var seconds = 60
    /// `-lease-renew-fraction` and `-token-renew-fraction` both set to this (`2/3`, `0.75`); nil: the defaults.
    var renewFraction: String?

    /// The fractions `make bench` measures besides the defaults (docs/agent-patterns.md).
    static let comparedFractions = ["1/2", "5/6"]

    struct Results: Sendable {
        var pods = 0
        var mounts = 0
        var errors = 0
        /// Vault requests in the hour, by kind, over all pods.
        var counts: [String: Int] = [:]
        var databaseUsers = 0
        var revocationSeconds: Double?
        var otherPodStillLogsIn = false
        var residentKiB: Int?
    }

    static let beginMarker = "<!-- load model: begin (written by make bench) -->"
    static let endMarker = "<!-- load model: end -->"

    static let objects = """
        - {objectName: app.json, secretPath: secret/data/app, format: json}
        - {objectName: db-user, secretPath: database/creds/app, secretKey: username}
        - {objectName: db-pass, secretPath: database/creds/app, secretKey: password}
        - {objectName: tls.crt, secretPath: pki/issue/web, method: PUT,
           secretArgs: {common_name: app.example.com, ttl: 24m}, secretKey: certificate}
        - {objectName: tls.key, secretPath: pki/issue/web, method: PUT,
           secretArgs: {common_name: app.example.com, ttl: 24m}, secretKey: private_key}
        """

    func run() async throws -> Results {
        progress("load model: starting OpenBao, PostgreSQL, the Kubernetes stand-in and the provider")
        let environment = try await DemoEnvironment.start()
        let postgres = try await PostgresServer.start()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "load-model-\(UUID().uuidString.prefix(8))"
        ).path
        defer {
            postgres.stop()
            try? FileManager.default.removeItem(atPath: work)
        }
        do {
            let results = try await measure(environment, postgres: postgres, work: work)
            await environment.stop()
            return results
        } catch {
            await environment.stop()
            throw error
        }
    }

    private func measure(_ environment: DemoEnvironment, postgres: PostgresServer, work: String) async throws -> Results
    {
        let bao = environment.bao
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try environment.kubernetes.kubeconfig().write(toFile: work + "/kubeconfig", atomically: true, encoding: .utf8)
        try await VaultTestSetup.writePolicy(
            bao, name: "app",
            hcl: """
                path "secret/data/*" { capabilities = ["read"] }
                path "database/creds/*" { capabilities = ["read"] }
                path "pki/issue/*" { capabilities = ["create", "update"] }
                """)
        try await bao.admin(
            "POST", "/v1/auth/kubernetes/role/app",
            body: Self.json(
                [
                    "bound_service_account_names": ["app-sa"], "bound_service_account_namespaces": ["default"],
                    "audience": "vault",
                    "token_policies": ["app"], "token_ttl": "60s", "token_max_ttl": "1440s",
                ] as [String: Any]))
        try await VaultTestSetup.enablePostgresCredentials(bao, postgres: postgres, defaultTTL: "60s")
        try await bao.admin(
            "POST", "/v1/database/roles/app",
            body: Self.json(
                [
                    "db_name": "postgres", "default_ttl": "60s", "max_ttl": "1440s",
                    "creation_statements": [
                        #"CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"#
                    ],
                ] as [String: Any]))
        try await VaultTestSetup.enablePKI(bao)
        let uids = (0..<pods).map { "load-pod-\($0)" }
        for uid in uids {
            environment.kubernetes.addPod(name: uid, uid: uid, node: "bench-node", serviceAccount: "app-sa")
        }
        let provider = try await ProviderProcess.start(
            executable: providerPath, socketPath: work + "/vault.sock",
            arguments: [
                "-kubelet-dir=\(work)/kubelet", "-write-mode=driver", "-vault-addr=\(bao.address)",
                "-kubeconfig=\(work)/kubeconfig",
            ] + (renewFraction.map { ["-lease-renew-fraction=\($0)", "-token-renew-fraction=\($0)"] } ?? []),
            logPath: work + "/provider.log", environment: ["NODE_NAME": "bench-node"])
        let driver = try DriverClient(socketPath: provider.socketPath)
        defer {
            Task {
                await driver.close()
                _ = await provider.stop()
            }
        }
        while environment.kubernetes.podWatches < 1 { try await Task.sleep(for: .milliseconds(50)) }

        let auditStart = bao.auditLog.utf8.count
        var results = Results(pods: pods)
        var lastUsers: [String: (user: String, password: String)] = [:]
        progress("load model: \(pods) pods mounting every 2 s for \(seconds) s (an hour, compressed 60 times)")
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end {
            let round = ContinuousClock.now
            for uid in uids {
                let attributes = environment.attributes(
                    parameters: ["roleName": environment.role, "objects": Self.objects], podName: uid, podUID: uid)
                do {
                    let response = try await driver.mount(
                        attributes: attributes, targetPath: "\(work)/kubelet/pods/\(uid)/volumes/v/mount")
                    let text = { (name: String) in
                        String(decoding: response.files.first { $0.path == name }?.contents ?? Data(), as: UTF8.self)
                    }
                    lastUsers[uid] = (text("db-user"), text("db-pass"))
                    results.mounts += 1
                } catch {
                    results.errors += 1
                }
            }
            try await Task.sleep(until: round + .seconds(2))
        }
        let audit = String(bao.auditLog.utf8.dropFirst(auditStart)) ?? ""
        results.counts = Self.count(audit)
        results.counts["*"] = results.counts.values.reduce(0, +)
        results.databaseUsers = results.counts["database credential issued", default: 0]
        results.residentKiB = ProcessMemory.resident(pid: provider.processIdentifier)

        progress("load model: deleting one pod")
        guard let gone = lastUsers[uids[0]], let kept = lastUsers[uids[1]] else { return results }
        let deleted = ContinuousClock.now
        environment.kubernetes.deletePod(uid: uids[0])
        while ContinuousClock.now < deleted + .seconds(30) {
            if (try? postgres.psql("select 1", user: gone.user, password: gone.password)) == nil {
                results.revocationSeconds =
                    Double(deleted.duration(to: .now).components.attoseconds) / 1e18
                    + Double(deleted.duration(to: .now).components.seconds)
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        results.otherPodStillLogsIn = (try? postgres.psql("select 1", user: kept.user, password: kept.password)) != nil
        return results
    }

    private static func json(_ object: [String: Any]) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(),
            as: UTF8.self)
    }

    /// Vault's answered requests in `audit` (JSON lines), by kind; the setup's root-token requests are not counted.
    static func count(_ audit: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in audit.split(separator: "\n") {
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                entry["type"] as? String == "response", let request = entry["request"] as? [String: Any],
                let path = request["path"] as? String,
                (entry["auth"] as? [String: Any])?["display_name"] as? String != "root"
            else { continue }
            let kind: String
            switch path {
            case let path where path.hasPrefix("auth/kubernetes/login"): kind = "login"
            case let path where path.hasPrefix("secret/"): kind = "KV read"
            case let path where path.hasPrefix("database/creds/"): kind = "database credential issued"
            case let path where path.hasPrefix("pki/issue/"): kind = "certificate issued"
            case "sys/leases/renew": kind = "lease renewal"
            case "auth/token/renew-self": kind = "token renewal"
            case "auth/token/revoke-self": kind = "token revocation"
            default: kind = "other"
            }
            counts[kind, default: 0] += 1
        }
        return counts
    }

    /// The Markdown table: a column per run (the defaults first, then each `renewFraction`); the notes are the first
    /// run's.
    static func table(_ runs: [(fraction: String?, results: Results)], seconds: Int) -> String {
        let results = runs[0].results
        let row = { (title: String, kind: String) -> String in
            let cells = runs.map { run in
                String(format: "%.1f", Double(run.results.counts[kind, default: 0]) / Double(max(run.results.pods, 1)))
            }
            return "| \(title) | " + cells.joined(separator: " | ") + " |"
        }
        let headers = runs.map { run in
            run.fraction.map { "both fractions \($0)" } ?? "per pod-hour (defaults: leases 2/3, tokens 1/2)"
        }
        var lines = [
            "| measured (this provider) | " + headers.joined(separator: " | ") + " |",
            "| --- |" + String(repeating: " --- |", count: runs.count),
            row("logins", "login"),
            row("KV reads", "KV read"),
            row("database credentials issued", "database credential issued"),
            row("certificates issued", "certificate issued"),
            row("lease renewals", "lease renewal"),
            row("token renewals", "token renewal"),
            row("Vault requests in all", "*"),
        ]
        lines.append("")
        lines.append(
            """
            - \(results.pods) pods, \(results.mounts) Mounts (every 2 s for \(seconds) s: 30 an hour-equivalent \
            each), \(runs.map(\.results.errors).reduce(0, +)) errors over the \(runs.count) runs;\u{20}
            """
                + "provider RSS at the end: "
                + (results.residentKiB.map { String(format: "%.1f MiB", Double($0) / 1024) } ?? "n/a") + ".")
        lines.append(
            """
            - Database users created in the hour: \(results.databaseUsers) for \(results.pods) pods; each is \
            renewed until the role's max TTL (a day, compressed), so one user per pod-day.
            """
        )
        lines.append(
            "- Pod deleted: its database user could no longer log in after "
                + (results.revocationSeconds.map { String(format: "%.2f s", $0) } ?? "more than 30 s (not seen)")
                + "; another pod's user " + (results.otherPodStillLogsIn ? "still logged in." : "could NOT log in."))
        return lines.joined(separator: "\n")
    }
}

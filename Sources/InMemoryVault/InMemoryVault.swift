import Foundation
import ProviderValues
import VaultContract

/// A Vault in memory, for the pipeline's logic tests: KV v1 and v2, leased database-style credentials, PKI-style
/// certificates, a JWT login with roles, tokens and leases with TTLs, renewal and revocation, scripted faults, and a
/// count of every request. It answers `VaultAPI` calls as a real server would answer `VaultHTTPClient`'s, but it
/// trusts a JWT's claims without checking the signature (the real OpenBao tests check that) and never retries.
package actor InMemoryVault: VaultAPI, VaultConnector {
    /// What error messages show as the server's address.
    package static let address = "http://vault.in-memory:8200"
    package nonisolated var displayAddress: String { Self.address }

    /// The time tokens and leases expire by.
    package nonisolated let clock: TestClock
    var engines: [String: VaultEngine] = [:]
    var secrets: [String: [JSONValue]] = [:]
    var roles: [String: VaultRole] = [:]
    var tokens: [String: IssuedToken] = [:]
    var leases: [String: IssuedLease] = [:]
    var serial = 0
    var renewalCounts: [String: Int] = [:]
    private var faults: [ScriptedFault] = []
    private var counts: [String: Int] = [:]
    /// Requests being answered now.
    package private(set) var inFlight = 0
    /// The most requests that were in progress at once.
    package private(set) var mostInFlight = 0
    /// The addresses the provider asked to connect to, in order.
    package private(set) var connections: [String] = []

    package init(clock: TestClock = TestClock()) {
        self.clock = clock
    }

    // MARK: Setting up

    /// Mounts `engine` at `path` (such as `secret`).
    package func enable(_ engine: VaultEngine, at path: String) {
        engines[Self.trimmed(path)] = engine
    }

    /// Writes `data` at `path` (such as `secret/app`): a new version on KV v2, a replacement on KV v1.
    package func write(_ path: String, _ data: [String: String]) {
        write(path, json: .object(data.mapValues(JSONValue.string)))
    }

    /// Writes a JSON object at `path`.
    package func write(_ path: String, json: JSONValue) {
        let key = Self.trimmed(path)
        if case .kv1? = engine(for: key)?.engine {
            secrets[key] = [json]
        } else {
            secrets[key, default: []].append(json)
        }
    }

    /// Adds role `name` to the JWT-style auth method at `authMount`.
    package func addRole(_ name: String, authMount: String = "kubernetes", _ role: VaultRole = VaultRole()) {
        roles["\(Self.trimmed(authMount))/\(name)"] = role
    }

    /// Makes the next `times` requests under `pathPrefix` (such as `/v1/secret/`; "" for all) fail with `fault`.
    package func inject(_ fault: VaultFault, pathPrefix: String = "", times: Int = 1) {
        faults.append(ScriptedFault(pathPrefix: pathPrefix, remaining: times, fault: fault))
    }

    // MARK: Counting

    /// How many requests were sent as `method` to `path` (such as `/v1/secret/data/app`, query excluded).
    package func count(_ method: String, _ path: String) -> Int {
        counts["\(method) \(path)"] ?? 0
    }

    /// How many requests were sent in all.
    package var requestCount: Int { counts.values.reduce(0, +) }

    /// How many logins were attempted, accepted or not.
    package var loginCount: Int {
        counts.filter { $0.key.hasPrefix("POST /v1/auth/") && $0.key.hasSuffix("/login") }.values.reduce(0, +)
    }

    // MARK: VaultConnector

    package func vault(address: String, tls: TLSSettings) -> any VaultAPI {
        connections.append(address)
        checkedOut += 1
        return self
    }

    package func release(_ vault: any VaultAPI) {
        checkedOut -= 1
    }

    /// How many of the Vaults handed out were not handed back yet.
    package private(set) var checkedOut = 0

    package func shutdown() {}

    // MARK: VaultAPI

    package func send(_ request: VaultRequest, token: String?, namespace: String?, deadline: ContinuousClock.Instant)
        async throws -> VaultResponse
    {
        counts["\(request.method) \(request.path)", default: 0] += 1
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
        defer { inFlight -= 1 }
        let shownURL = Self.address + request.shownPathAndQuery
        if let fault = takeFault(for: request) {
            switch fault {
            case .status(let status, let errors):
                let body = JSONValue.object(["errors": .array(errors.map(JSONValue.string))]).canonicalJSON
                throw VaultError(
                    refusing: request, shownURL: shownURL,
                    response: VaultResponse(status: status, body: Data(body.utf8)))
            case .unreachable(let reason):
                throw VaultError.unreachable(url: shownURL, reason: reason)
            case .delay(let amount):
                try await Self.sleep(amount, deadline: deadline)
            case .hold(let gate):
                await gate.pass()
            }
        }
        guard ContinuousClock.now < deadline else { throw VaultError.deadlineExceeded }
        let answer = route(request, token: token)
        let response = VaultResponse(status: answer.status, body: Data((answer.body?.canonicalJSON ?? "").utf8))
        guard (200...299).contains(answer.status) else {
            throw VaultError(refusing: request, shownURL: shownURL, response: response)
        }
        return response
    }

    // MARK: Internals

    private func takeFault(for request: VaultRequest) -> VaultFault? {
        guard let index = faults.firstIndex(where: { $0.matches(request) }) else { return nil }
        faults[index].remaining -= 1
        return faults[index].fault
    }

    private static func sleep(_ amount: Duration, deadline: ContinuousClock.Instant) async throws {
        let wait = min(amount, ContinuousClock.now.duration(to: deadline))
        do {
            try await Task.sleep(for: max(wait, .zero))
        } catch {
            throw VaultError.cancelled
        }
        if wait < amount { throw VaultError.deadlineExceeded }
    }

    /// The engine mounted at the longest prefix of `path`, with the rest of the path.
    func engine(for path: String) -> (engine: VaultEngine, mount: String, rest: String)? {
        var mount = path
        while !mount.isEmpty {
            if let engine = engines[mount] {
                let rest = path.dropFirst(mount.count).drop(while: { $0 == "/" })
                return (engine, mount, String(rest))
            }
            guard let slash = mount.lastIndex(of: "/") else { break }
            mount = String(mount[..<slash])
        }
        return nil
    }

    static func trimmed(_ path: String) -> String {
        String(path.drop(while: { $0 == "/" }).reversed().drop(while: { $0 == "/" }).reversed())
    }
}

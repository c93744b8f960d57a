import Foundation
import Logging
import ProviderConfiguration
import ProviderValues
import Synchronization
import VaultContract

@testable import SecretsProvider

/// A Vault that grants every renewal (token or lease) `seconds`, or refuses them all, and records when each came; its
/// own connector, counting checkouts.
final class RenewingVault: VaultAPI, VaultConnector {
    let seconds: Int
    let refuses: Bool
    private let arrivals = Mutex<[ContinuousClock.Instant]>([])
    private let checkouts = Mutex((total: 0, out: 0))

    init(seconds: Int = 3600, refuses: Bool = false) {
        self.seconds = seconds
        self.refuses = refuses
    }

    /// When the renewals came, in order.
    var renewals: [ContinuousClock.Instant] { arrivals.withLock { $0 } }

    var displayAddress: String { "http://renewing.test" }

    /// How many times it was checked out, and how many of those are not handed back.
    var checkedOut: (total: Int, out: Int) { checkouts.withLock { $0 } }

    func vault(address: String, tls: TLSSettings) async throws -> any VaultAPI {
        checkouts.withLock {
            $0.total += 1
            $0.out += 1
        }
        return self
    }

    func release(_ vault: any VaultAPI) async {
        checkouts.withLock { $0.out -= 1 }
    }

    func shutdown() async {}

    func send(
        _ request: VaultRequest, token: String?, namespace: String?,
        deadline: ContinuousClock.Instant
    ) async throws -> VaultResponse {
        arrivals.withLock { $0.append(.now) }
        if refuses { throw VaultError.cancelled }
        let auth = #"{"client_token":"renewed","lease_duration":\#(seconds),"renewable":true}"#
        let body = #"{"lease_duration":\#(seconds),"auth":\#(auth)}"#
        return VaultResponse(status: 200, body: Data(body.utf8))
    }
}

/// The system clock plus an offset a test moves.
final class MovedClock: Sendable {
    private let offset = Mutex(Duration.zero)

    func advance(to instant: ContinuousClock.Instant) {
        offset.withLock { $0 = ContinuousClock.now.duration(to: instant) }
    }

    var cacheClock: CacheClock {
        CacheClock(now: { [self] in .now + offset.withLock { $0 } }, unixTime: { Date().timeIntervalSince1970 })
    }
}

/// A count the renewer's closure shares with its rig.
final class PassCount: Sendable {
    let value = Mutex(0)
}

/// A renewer wired to its own caches, pod list and alarm, counting its passes.
final class RenewalRig: Sendable {
    let vault: RenewingVault
    let held: HeldTokens
    let leases: LeaseCache
    let pods: NodePods
    let renewer: Renewer
    private let passCount = PassCount()

    init(vault: RenewingVault = RenewingVault(), clock: CacheClock = .system) {
        let alarm = RenewalAlarm()
        self.vault = vault
        held = HeldTokens(clock: clock, alarm: alarm)
        leases = LeaseCache(capacity: 10, clock: clock, alarm: alarm)
        pods = NodePods(clock: clock, alarm: alarm)
        let tokens = VaultTokenCache(capacity: 10, clock: clock)
        let credentials = PodCredentials(held: held, tokens: tokens, leases: leases)
        let logger = Logger(label: "renewer-test", factory: { _ in SwiftLogNoOpLogHandler() })
        var renewer = Renewer(
            pods: pods, clients: vault, credentials: credentials, metrics: ProviderMetrics(), logger: logger,
            clock: clock, alarm: alarm)
        renewer.passed = { [passCount] _ in passCount.value.withLock { $0 += 1 } }
        self.renewer = renewer
    }

    /// How many passes `run` made.
    var passes: Int { passCount.value.withLock { $0 } }

    /// Runs the renewer in the background.
    func start() -> Task<Void, Never> {
        Task { [renewer] in await renewer.run() }
    }

    /// The token cache key of `uid`'s volume, and its Vault.
    static func key(pod uid: String) throws -> (key: TokenCacheKey, vault: ResolvedVault) {
        let configuration = try MountConfiguration(
            parameters: [
                "roleName": "app", "objects": "- {objectName: a, secretPath: p}",
                "csi.storage.k8s.io/pod.uid": uid, "csi.storage.k8s.io/serviceAccount.name": "sa",
            ],
            permission: "420", targetPath: "/var/lib/kubelet/pods/\(uid)/volumes/v")
        let vault = try ResolvedVault(
            process: VaultSettings(address: "http://127.0.0.1:8200"),
            mount: configuration.vault)
        return (TokenCacheKey(vault: vault, configuration: configuration), vault)
    }

    /// Holds a renewable token of `ttl` seconds for `pod` (the watch runs: tokens are kept).
    func holdToken(ttl: Int, pod: String = "pod-1", name: String = "t") async throws {
        await held.startRecording()
        let token = VaultToken(clientToken: name, leaseDuration: ttl, renewable: true)
        let (key, resolved) = try Self.key(pod: pod)
        await held.add(token, key: key, vault: resolved)
    }

    /// Caches a renewable lease of `ttl` seconds for `pod`, obtained now by `clock`.
    func holdLease(ttl: Int, pod: String = "pod-1", now: ContinuousClock.Instant) async throws {
        let (key, resolved) = try Self.key(pod: pod)
        let json = #"{"lease_id":"db/creds/x","lease_duration":\#(ttl),"renewable":true,"data":{"u":"v"}}"#
        let answer = VaultAnswer(body: Data(json.utf8))
        let vaultToken = VaultToken(clientToken: "t", leaseDuration: 3600, renewable: true)
        let token = VaultTokenCache.Entry(token: vaultToken, obtained: now)
        let session = VaultSession(vault: resolved, client: vault, key: key, token: token, cached: false)
        let request = VaultRequest(method: "GET", secretPath: "db/creds/x")
        await leases.store(
            answer, for: LeaseCache.Key(token: key, targetPath: "/t", request: request),
            obtained: now, tokenExpires: token.expires, session: session)
    }

    /// Waits (at most `limit`) until `condition` holds.
    static func eventually(within limit: Duration = .seconds(3), _ condition: () async -> Bool) async -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return await condition()
    }
}

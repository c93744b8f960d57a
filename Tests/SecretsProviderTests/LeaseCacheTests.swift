import Foundation
import ProviderConfiguration
import ProviderValues
import VaultContract
import XCTest

@testable import SecretsProvider

/// The lease cache's bounds: capacity (least recently used goes first), expiry, and what it refuses to keep.
final class LeaseCacheTests: XCTestCase {
    private func key(pod: String, path: String = "database/creds/app") throws -> LeaseCache.Key {
        let configuration = try MountConfiguration(
            parameters: [
                "roleName": "app", "objects": "- {objectName: a, secretPath: p}",
                "csi.storage.k8s.io/pod.namespace": "default", "csi.storage.k8s.io/pod.name": pod,
                "csi.storage.k8s.io/pod.uid": "uid-\(pod)", "csi.storage.k8s.io/serviceAccount.name": "app-sa",
            ],
            permission: "420", targetPath: "/var/lib/kubelet/pods/uid-\(pod)/volumes/v")
        let vault = try ResolvedVault(
            process: VaultSettings(address: "http://127.0.0.1:8200"), mount: configuration.vault)
        let token = TokenCacheKey(vault: vault, configuration: configuration)
        return LeaseCache.Key(
            token: token, targetPath: configuration.targetPath, request: VaultRequest(method: "GET", secretPath: path))
    }

    private func leased(seconds: Int) -> VaultAnswer {
        VaultAnswer(
            body: Data(
                #"{"lease_id":"database/creds/app/x","lease_duration":\#(seconds),"data":{"username":"u"}}"#.utf8))
    }

    func testCapacityEvictsTheLeastRecentlyUsed() async throws {
        let cache = LeaseCache(capacity: 3)
        let now = ContinuousClock.now
        let keys = try (0..<5).map { try key(pod: "pod-\($0)") }
        for index in 0..<3 {
            await cache.store(leased(seconds: 3600), for: keys[index], obtained: now, tokenExpires: nil)
        }
        // Reading pod-0 makes pod-1 the least recently used.
        _ = await cache.answer(for: keys[0])
        await cache.store(leased(seconds: 3600), for: keys[3], obtained: now, tokenExpires: nil)
        await cache.store(leased(seconds: 3600), for: keys[4], obtained: now, tokenExpires: nil)
        let count = await cache.count
        XCTAssertEqual(count, 3)
        let present = await keys.asyncMap { await cache.answer(for: $0) != nil }
        XCTAssertEqual(present, [true, false, false, true, true])
    }

    func testExpiredAnswersAreEvictedWithoutBeingRead() async throws {
        let cache = LeaseCache(capacity: 10)
        let now = ContinuousClock.now
        // Obtained 10 s ago with a 3 s lease: two-thirds of it ended 8 s ago.
        await cache.store(leased(seconds: 3), for: try key(pod: "old"), obtained: now - .seconds(10), tokenExpires: nil)
        await cache.store(leased(seconds: 3600), for: try key(pod: "fresh"), obtained: now, tokenExpires: nil)
        let count = await cache.count
        XCTAssertEqual(count, 1)
        let fresh = await cache.answer(for: try key(pod: "fresh"))
        XCTAssertNotNil(fresh)
    }

    func testReuseEndsWithTheTokenThatObtainedTheLease() async throws {
        let cache = LeaseCache(capacity: 10)
        let now = ContinuousClock.now
        let podKey = try key(pod: "p")
        // Two-thirds of an hour would still be ahead, but the token expired a second ago.
        await cache.store(
            leased(seconds: 3600), for: podKey, obtained: now - .seconds(10), tokenExpires: now - .seconds(1))
        let answer = await cache.answer(for: podKey)
        XCTAssertNil(answer)
    }

    func testOnlyLeasedAnswersAreKeptAndZeroCapacityKeepsNothing() async throws {
        let now = ContinuousClock.now
        let cache = LeaseCache(capacity: 10)
        await cache.store(
            VaultAnswer(body: Data(#"{"lease_id":"","lease_duration":0,"data":{"a":"b"}}"#.utf8)),
            for: try key(pod: "kv"), obtained: now, tokenExpires: nil)
        let disabled = LeaseCache(capacity: 0)
        await disabled.store(leased(seconds: 3600), for: try key(pod: "p"), obtained: now, tokenExpires: nil)
        let counts = (await cache.count, await disabled.count)
        XCTAssertEqual(counts.0, 0)
        XCTAssertEqual(counts.1, 0)
    }

    /// Answers are kept up to a byte bound, least recently used dropped first; one answer past it is never kept.
    func testTheCacheIsBoundedInBytes() async throws {
        let cache = LeaseCache(capacity: 100, maxBytes: 1000)
        let now = ContinuousClock.now
        func answer(_ size: Int) -> VaultAnswer {
            VaultAnswer(
                body: Data(
                    #"{"lease_id":"x","lease_duration":3600,"data":{"v":"\#(String(repeating: "a", count: size))"}}"#
                        .utf8))
        }
        let keys = try (0..<3).map { try key(pod: "p\($0)") }
        for key in keys { await cache.store(answer(350), for: key, obtained: now, tokenExpires: nil) }
        let (count, bytes) = (await cache.count, await cache.bytes)
        XCTAssertEqual(count, 2)
        XCTAssertLessThanOrEqual(bytes, 1000)
        let oldest = await cache.answer(for: keys[0])
        XCTAssertNil(oldest, "the least recently used went first")
        await cache.store(answer(2000), for: try key(pod: "huge"), obtained: now, tokenExpires: nil)
        let huge = await cache.answer(for: try key(pod: "huge"))
        XCTAssertNil(huge)
        let kept = await cache.count
        XCTAssertEqual(kept, 2, "a huge answer evicts nothing")
    }

    /// Any number Vault may send, past Int64 or past a Double, is a TTL of at most ten years: stored, never a trap.
    func testHugeAndOddLeaseDurationsAreClampedToTenYears() async throws {
        let now = ContinuousClock.now
        for literal in ["9223372036854775807", "1e300", "18446744073709551616000"] {
            let answer = VaultAnswer(
                body: Data(#"{"lease_id":"database/creds/app/x","lease_duration":\#(literal),"renewable":true}"#.utf8))
            XCTAssertEqual(answer.lease, VaultLifetime.maximumSeconds, literal)
            let cache = LeaseCache(capacity: 10)
            await cache.store(answer, for: try key(pod: "p"), obtained: now, tokenExpires: nil)
            let kept = await cache.answer(for: try key(pod: "p"))
            XCTAssertNotNil(kept, literal)
        }
        for literal in ["-5", "0", "-1e300"] {
            XCTAssertNil(VaultAnswer(body: Data(#"{"lease_id":"x","lease_duration":\#(literal)}"#.utf8)).lease, literal)
        }
        XCTAssertEqual(VaultAnswer(body: Data(#"{"lease_id":"x","lease_duration":90.9}"#.utf8)).lease, 90)
    }

    /// A KV v1 secret shaped like a certificate with an expiry far past Int64 milliseconds (the crash in issue 20).
    func testACertificateExpiringInTheFarFutureIsReusedForTenYearsAtMost() async throws {
        let now = ContinuousClock.now
        for literal in ["1e17", "1e300", "-1e17"] {
            let answer = VaultAnswer(
                body: Data(
                    #"{"lease_id":"","lease_duration":0,"data":{"certificate":"x","expiration":\#(literal)}}"#.utf8))
            XCTAssertTrue(answer.isReusable, literal)
            let validity = answer.certificateValidity(now: 1_800_000_000)
            XCTAssertEqual(validity, literal.hasPrefix("-") ? 0 : Double(VaultLifetime.maximumSeconds), literal)
            let cache = LeaseCache(capacity: 10)
            await cache.store(answer, for: try key(pod: "p"), obtained: now, tokenExpires: nil)
            let kept = await cache.answer(for: try key(pod: "p"))
            XCTAssertEqual(kept != nil, !literal.hasPrefix("-"), literal)
        }
    }

    func testRenewalTimesOfAnyTTLStayWithinTheirFraction() {
        let now = ContinuousClock.now
        for ttl in [0, 1, 3600, VaultLifetime.maximumSeconds, Int.max, Int.min] {
            let lease = LeaseCache(capacity: 1).renewalTime(after: now, ttl: ttl)
            let bounded = Double(min(max(ttl, 0), VaultLifetime.maximumSeconds))
            XCTAssertLessThanOrEqual(lease, now + .seconds(bounded * 2 / 3), "\(ttl)")
            XCTAssertGreaterThanOrEqual(lease, now + .seconds(bounded * (2.0 / 3.0 - 0.1)) - .milliseconds(1), "\(ttl)")
        }
    }
}

private extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var results: [T] = []
        for element in self { results.append(await transform(element)) }
        return results
    }
}

import ProviderValues
import Testing

@testable import SecretsProvider

/// One jitter for renewals: tokens (at half their TTL) and leases (at two-thirds) both come due within a tenth of
/// the TTL before their fraction, spread over that tenth.
@Suite struct RenewalJitterTests {
    @Test(arguments: [(0.5, 3600), (2.0 / 3.0, 3600), (0.5, 1), (2.0 / 3.0, 60), (0.05, 100)])
    func renewalTimesStayWithinTheirBounds(fraction: Double, ttl: Int) {
        let now = ContinuousClock.now
        for _ in 0..<200 {
            let due = VaultLifetime.renewalTime(after: now, ttl: ttl, fraction: fraction)
            #expect(due <= now + .seconds(Double(ttl) * fraction))
            #expect(due >= now + .seconds(Double(ttl) * max(0, fraction - 0.1)) - .milliseconds(1))
        }
    }

    @Test func renewalTimesSpreadOut() {
        let now = ContinuousClock.now
        let times = Set((0..<50).map { _ in VaultLifetime.renewalTime(after: now, ttl: 3600, fraction: 0.5) })
        #expect(times.count > 10, "jittered, not one instant for renewals obtained together")
    }

    @Test func tokensAndLeasesUseTheSameJitterAtTheirOwnFraction() {
        let now = ContinuousClock.now
        for _ in 0..<200 {
            let token = HeldTokens.renewalTime(after: now, ttl: 600)
            #expect(token <= now + .seconds(300) && token >= now + .seconds(240) - .milliseconds(1))
            let lease = LeaseCache.renewalTime(after: now, ttl: 600)
            #expect(lease <= now + .seconds(400) && lease >= now + .seconds(340) - .milliseconds(1))
        }
    }
}

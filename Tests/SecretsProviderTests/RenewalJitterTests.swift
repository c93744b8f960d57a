import ProviderValues
import Testing

@testable import SecretsProvider

/// One jitter for renewals: tokens (at half their TTL by default) and leases (at two-thirds) both come due within a
/// tenth of the TTL before their fraction (a fifth of a fraction under a half), spread over it.
@Suite struct RenewalJitterTests {
    @Test(arguments: [
        (0.5, 3600), (2.0 / 3.0, 3600), (0.5, 1), (2.0 / 3.0, 60), (0.05, 100), (0.01, 3600), (5.0 / 6.0, 60),
    ])
    func renewalTimesStayWithinTheirBounds(fraction: Double, ttl: Int) {
        let now = ContinuousClock.now
        for _ in 0..<200 {
            let due = VaultLifetime.renewalTime(after: now, ttl: ttl, fraction: fraction)
            #expect(due <= now + .seconds(Double(ttl) * fraction))
            let jitter = min(0.1, fraction / 5)
            #expect(due >= now + .seconds(Double(ttl) * (fraction - jitter)) - .milliseconds(1))
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
            let token = HeldTokens(clock: .system).renewalTime(after: now, ttl: 600)
            #expect(token <= now + .seconds(300) && token >= now + .seconds(240) - .milliseconds(1))
            let lease = LeaseCache(capacity: 1).renewalTime(after: now, ttl: 600)
            #expect(lease <= now + .seconds(400) && lease >= now + .seconds(340) - .milliseconds(1))
        }
    }
}

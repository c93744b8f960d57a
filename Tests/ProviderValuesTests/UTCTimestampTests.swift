import Foundation
import ProviderValues
import Testing

@Suite struct UTCTimestampTests {
    @Test func formatsKnownInstants() {
        #expect(UTCTimestamp(secondsSinceEpoch: 0, milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp(secondsSinceEpoch: 1_795_844_923, milliseconds: 44).rfc3339 == "2026-11-28T05:48:43.044Z")
        // A leap day, and the last millisecond of a year.
        #expect(UTCTimestamp(secondsSinceEpoch: 951_782_400, milliseconds: 7).rfc3339 == "2000-02-29T00:00:00.007Z")
        #expect(UTCTimestamp(secondsSinceEpoch: 1_798_761_599, milliseconds: 999).rfc3339 == "2026-12-31T23:59:59.999Z")
        #expect(UTCTimestamp(secondsSinceEpoch: 1_795_844_923, milliseconds: 44).underscored == "2026_11_28_05_48_43")
    }

    @Test func nowLiesBetweenTwoReadingsOfTheClock() {
        func stamp(_ date: Date) -> String {
            let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
            return UTCTimestamp(secondsSinceEpoch: milliseconds / 1000, milliseconds: milliseconds % 1000).rfc3339
        }
        let before = stamp(Date())
        let now = UTCTimestamp.now().rfc3339
        let after = stamp(Date())
        // Fixed-width fields, so string order is time order.
        #expect(before <= now && now <= after, "\(before) <= \(now) <= \(after)")
    }
}

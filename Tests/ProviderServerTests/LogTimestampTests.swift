import Foundation
import ProviderServer
import Testing

@Suite struct LogTimestampTests {
    @Test func formatsKnownInstants() {
        #expect(LogTimestamp.format(secondsSinceEpoch: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(LogTimestamp.format(secondsSinceEpoch: 1_795_844_923, milliseconds: 44) == "2026-11-28T05:48:43.044Z")
        // A leap day, and the last millisecond of a year.
        #expect(LogTimestamp.format(secondsSinceEpoch: 951_782_400, milliseconds: 7) == "2000-02-29T00:00:00.007Z")
        #expect(LogTimestamp.format(secondsSinceEpoch: 1_798_761_599, milliseconds: 999) == "2026-12-31T23:59:59.999Z")
    }

    @Test func nowLiesBetweenTwoReadingsOfTheClock() {
        func stamp(_ date: Date) -> String {
            let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
            return LogTimestamp.format(secondsSinceEpoch: milliseconds / 1000, milliseconds: milliseconds % 1000)
        }
        let before = stamp(Date())
        let now = LogTimestamp.now()
        let after = stamp(Date())
        // Fixed-width fields, so string order is time order.
        #expect(before <= now && now <= after, "\(before) <= \(now) <= \(after)")
    }
}

import Testing

@testable import ProviderServer

/// The `grpc-timeout` header the driver sends with each Mount (grpc-go writes it from the context's deadline).
@Suite struct GRPCTimeoutTests {
    @Test(arguments: [
        ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("30S", .seconds(30)), ("2500m", .milliseconds(2500)),
        ("7u", .microseconds(7)), ("9n", .nanoseconds(9)), ("0S", .zero), ("99999999H", .seconds(99_999_999 * 3600)),
    ])
    func readsEachUnit(_ header: String, _ expected: Duration) {
        #expect(GRPCTimeout.parse(header) == expected)
    }

    @Test(arguments: ["", "S", "5", "5s", "5 S", " 5S", "+5S", "-0S", "5.0S", "123456789S", "٥S", "5SS", "0x5S"])
    func refusesWhatTheSpecDoesNotAllow(_ header: String) {
        #expect(GRPCTimeout.parse(header) == nil)
    }
}

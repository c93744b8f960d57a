import ProviderCommandLine
import ProviderValues
import XCTest

final class GoFlagSetTests: XCTestCase {
    let flags = GoFlagSet([
        .init("endpoint", .string, default: "/tmp/vault.sock", usage: "socket"),
        .init("debug", .bool, default: "false", usage: "debug"),
        .init("cache-size", .int, default: "1000", usage: "size"),
        .init("grace", .duration, default: "30s", usage: "grace"),
        .init("allowed-tls-dir", .repeatable, default: "/vault/tls", usage: "dirs"),
    ])

    func testARepeatableFlagKeepsEveryValueInOrder() throws {
        XCTAssertEqual(try flags.parse([]).strings("allowed-tls-dir"), ["/vault/tls"])
        XCTAssertEqual(
            try flags.parse(["-allowed-tls-dir=/a", "--allowed-tls-dir", "/b", "-allowed-tls-dir=/c"]).strings(
                "allowed-tls-dir"),
            ["/a", "/b", "/c"])
        XCTAssertEqual(
            try flags.parse(["-allowed-tls-dir="]).strings("allowed-tls-dir"), [], "an empty value allows none")
        XCTAssertTrue(
            flags.usage.contains("  -allowed-tls-dir value\n    \tdirs (default \"/vault/tls\")"), flags.usage)
    }

    func testEverySpellingOfAValue() throws {
        for arguments in [["-endpoint=/x"], ["-endpoint", "/x"], ["--endpoint=/x"], ["--endpoint", "/x"]] {
            XCTAssertEqual(try flags.parse(arguments).values["endpoint"], "/x", "\(arguments)")
        }
    }

    func testBooleans() throws {
        XCTAssertEqual(try flags.parse(["-debug"]).values["debug"], "true")
        XCTAssertEqual(try flags.parse(["--debug=false"]).values["debug"], "false")
        XCTAssertEqual(try flags.parse(["-debug=T"]).values["debug"], "true")
        XCTAssertEqual(try flags.parse(["-debug=0"]).values["debug"], "false")
        XCTAssertThrowsError(try flags.parse(["-debug=yes"]))
        // A bare boolean never swallows the next argument.
        XCTAssertEqual(try flags.parse(["-debug", "serve"]).arguments, ["serve"])
    }

    func testUsageErrors() {
        XCTAssertThrowsError(try flags.parse(["-nope=1"])) { error in
            XCTAssertEqual(error as? GoFlagSet.UsageError, .unknownFlag("nope"))
            XCTAssertEqual("\(error)", "flag provided but not defined: -nope")
        }
        XCTAssertThrowsError(try flags.parse(["-endpoint"])) {
            XCTAssertEqual($0 as? GoFlagSet.UsageError, .missingValue("endpoint"))
        }
        XCTAssertThrowsError(try flags.parse(["-cache-size=ten"]))
        XCTAssertThrowsError(try flags.parse(["-grace=soon"]))
        XCTAssertThrowsError(try flags.parse(["-h"])) { XCTAssertEqual($0 as? GoFlagSet.UsageError, .helpRequested) }
    }

    func testPositionalArgumentsStopParsing() throws {
        let parsed = try flags.parse(["-debug", "version", "-endpoint=/x"])
        XCTAssertEqual(parsed.arguments, ["version", "-endpoint=/x"])
        XCTAssertNil(parsed.values["endpoint"])
        XCTAssertEqual(try flags.parse(["--", "-x"]).arguments, ["-x"])
    }

    func testDurations() {
        XCTAssertEqual(GoDuration.parse("30s"), .seconds(30))
        XCTAssertEqual(GoDuration.parse("1m30s"), .seconds(90))
        XCTAssertEqual(GoDuration.parse("500ms"), .milliseconds(500))
        XCTAssertNil(GoDuration.parse("30"))
        XCTAssertNil(GoDuration.parse(""))
        // Past Int64 nanoseconds (about 292 years), or infinite: malformed, never a trap.
        XCTAssertNil(GoDuration.parse("99999999999h"))
        XCTAssertNil(GoDuration.parse(String(repeating: "9", count: 400) + "s"))
        XCTAssertEqual(GoDuration.parse("2562047h"), .seconds(2_562_047 * 3600))
        // The largest grpc-timeout (99,999,999 hours) overflows nanoseconds; network deadlines take at most a day.
        XCTAssertEqual(Duration.seconds(99_999_999 * 3600).nanosecondsWithinADay, 86_400 * 1_000_000_000)
        XCTAssertEqual(Duration.milliseconds(1500).nanosecondsWithinADay, 1_500_000_000)
    }
}

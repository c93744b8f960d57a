import Foundation
import ProviderValues
import Testing

/// `canonicalJSON` is request identity and cache keys: parsing it back must give the same text (the fuzzer's
/// selector 6 found a number for which it did not).
@Suite struct CanonicalJSONTests {
    @Test(arguments: [
        "-3393220861796342400.5", "{\"auth\":{\"clieen_ttl\":-3393220861796342400.5}}", "1234567890123456.5",
        "1e16", "1.5e16", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e19", "1e300",
        "0.1", "-0.0", "2.5e-7", "[1.0,2.50,3e2]",
    ])
    func readsBackAsTheSameText(_ json: String) throws {
        let canonical = try JSONValue(parsing: Data(json.utf8)).canonicalJSON
        #expect(try JSONValue(parsing: Data(canonical.utf8)).canonicalJSON == canonical, "\(json) → \(canonical)")
    }

    @Test func integralDoublesWithinInt64PrintAsIntegers() {
        #expect(JSONValue.literal(of: -3393220861796342400.5) == "-3393220861796342272")
        #expect(JSONValue.literal(of: 1e16) == "10000000000000000")
        #expect(JSONValue.literal(of: 1e19) == "1e+19")
        #expect(JSONValue.literal(of: 0.1) == "0.1")
        #expect(JSONValue.literal(of: -0.0) == "0")
    }
}

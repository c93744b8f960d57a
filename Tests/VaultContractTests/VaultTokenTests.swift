import Foundation
import ProviderValues
import VaultContract
import XCTest

/// A login answer's TTL is bounded before it reaches any clock arithmetic.
final class VaultTokenTests: XCTestCase {
    private func token(leaseDuration literal: String) throws -> VaultToken {
        let body = #"{"auth":{"client_token":"s.x","lease_duration":\#(literal),"renewable":true}}"#
        return try VaultToken(loginAnswer: Data(body.utf8), url: "/v1/auth/kubernetes/login")
    }

    func testAnyLeaseDurationBecomesZeroToTenYears() throws {
        for (literal, seconds) in [
            ("9223372036854775807", VaultLifetime.maximumSeconds), ("1e300", VaultLifetime.maximumSeconds),
            ("-3", 0), ("\"3600\"", 0), ("3600", 3600), ("3600.9", 3600),
        ] {
            XCTAssertEqual(try token(leaseDuration: literal).leaseDuration, seconds, literal)
        }
    }
}

import XCTest

@testable import SecretsProvider

/// `-allowed-vault-addresses` matches URL prefixes at a boundary, so a look-alike host never passes.
final class ClassDestinationsTests: XCTestCase {
    func testAddressPrefixesMatchAtABoundary() {
        let prefix = "https://vault.example.com"
        for allowed in [
            "https://vault.example.com", "https://vault.example.com:8200", "https://vault.example.com/",
            "HTTPS://Vault.Example.com:8200/v1",
        ] {
            XCTAssertTrue(ClassDestinations.address(allowed, startsWith: prefix), allowed)
        }
        for refused in [
            "https://vault.example.com.evil.io", "https://vault.example.com@evil.io", "http://vault.example.com",
            "https://vault.example.co", "https://vault.example.community",
        ] {
            XCTAssertFalse(ClassDestinations.address(refused, startsWith: prefix), refused)
        }
        XCTAssertTrue(
            ClassDestinations.address(
                "https://vault.example.com/team-a/x", startsWith: "https://vault.example.com/team-a/"))
        XCTAssertFalse(
            ClassDestinations.address(
                "https://vault.example.com/team-b", startsWith: "https://vault.example.com/team-a/"))
        XCTAssertFalse(ClassDestinations.address("https://x", startsWith: ""), "an empty prefix allows nothing")
    }

    func testFlagListsAreCommaSeparatedAndEmptyMeansAny() {
        XCTAssertNil(ProviderSettings.list(""))
        XCTAssertNil(ProviderSettings.list(" , "))
        XCTAssertEqual(ProviderSettings.list("https://a, https://b:8200,"), ["https://a", "https://b:8200"])
    }
}

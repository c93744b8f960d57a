import XCTest

@testable import VaultClient

/// The certificate name check, as Go's crypto/tls makes it.
final class ReferenceIdentityTests: XCTestCase {
    let loopback: [UInt8] = [127, 0, 0, 1]

    func testAnIPSANMatchesOnlyAnEqualIPLiteral() {
        XCTAssertFalse(
            ReferenceIdentity("localhost").matches(dnsNames: ["vault.acc.test"], ipAddresses: [loopback]),
            "the connected address plays no part")
        XCTAssertTrue(ReferenceIdentity("127.0.0.1").matches(dnsNames: ["vault.acc.test"], ipAddresses: [loopback]))
        XCTAssertFalse(ReferenceIdentity("127.0.0.2").matches(dnsNames: [], ipAddresses: [loopback]))
        XCTAssertFalse(
            ReferenceIdentity("127.0.0.1").matches(dnsNames: ["127.0.0.1"], ipAddresses: []),
            "a DNS SAN never matches an IP")
        let v6: [UInt8] = [UInt8](repeating: 0, count: 15) + [1]
        XCTAssertTrue(ReferenceIdentity("[::1]").matches(dnsNames: [], ipAddresses: [v6]))
        XCTAssertTrue(ReferenceIdentity("::1").matches(dnsNames: [], ipAddresses: [v6]))
    }

    func testDNSNamesAndWildcards() {
        XCTAssertTrue(ReferenceIdentity("Vault.ACC.test").matches(dnsNames: ["vault.acc.test"], ipAddresses: []))
        XCTAssertTrue(ReferenceIdentity("vault.acc.test.").matches(dnsNames: ["vault.acc.test"], ipAddresses: []))
        XCTAssertTrue(ReferenceIdentity("a.acc.test").matches(dnsNames: ["*.acc.test"], ipAddresses: []))
        XCTAssertFalse(
            ReferenceIdentity("a.b.acc.test").matches(dnsNames: ["*.acc.test"], ipAddresses: []), "one label only")
        XCTAssertFalse(ReferenceIdentity("acc.test").matches(dnsNames: ["*.acc.test"], ipAddresses: []))
        XCTAssertFalse(
            ReferenceIdentity("a.acc.test").matches(dnsNames: ["a*.acc.test"], ipAddresses: []),
            "partial wildcards never match")
        XCTAssertFalse(ReferenceIdentity("vault").matches(dnsNames: [], ipAddresses: []))
    }

    func testMismatchText() {
        XCTAssertEqual(
            "\(CertificateNameMismatch(name: "localhost", names: ["vault.acc.test", "127.0.0.1"]))",
            "the certificate is valid for vault.acc.test, 127.0.0.1, not localhost")
        XCTAssertEqual(ReferenceIdentity.text(of: loopback), "127.0.0.1")
        XCTAssertEqual(
            ReferenceIdentity.text(of: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]),
            "2001:db8:0:0:0:0:0:1")
        // Any other length a certificate may carry (BoringSSL does not check): shown, never read past its end.
        XCTAssertEqual(ReferenceIdentity.text(of: [1, 2, 3, 4, 255]), "0x01020304ff")
        XCTAssertEqual(ReferenceIdentity.text(of: []), "0x")
    }
}

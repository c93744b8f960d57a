import ProxyEnvironment
import XCTest

@testable import VaultClient

/// The variables Vault's Go client reads for its transport: the Vault proxy, retries and the client timeout.
final class VaultTransportSettingsTests: XCTestCase {
    func testVaultVariables() throws {
        let settings = try VaultTransportSettings(environment: [
            "VAULT_PROXY_ADDR": "http://vault.proxy:3128", "NO_PROXY": "*", "VAULT_MAX_RETRIES": "0",
            "VAULT_CLIENT_TIMEOUT": "45",
        ])
        XCTAssertEqual(
            settings.proxy(scheme: "https", host: "127.0.0.1", port: 8200)?.host, "vault.proxy",
            "VAULT_PROXY_ADDR takes every request, NO_PROXY and loopback included")
        XCTAssertEqual(settings.maxRetries, 0)
        XCTAssertEqual(settings.requestTimeout, .seconds(45))
        XCTAssertEqual(try VaultTransportSettings(environment: ["VAULT_HTTP_PROXY": "old:1"]).vaultProxy?.host, "old")
        XCTAssertEqual(
            try VaultTransportSettings(environment: ["VAULT_CLIENT_TIMEOUT": "1m30s"]).requestTimeout, .seconds(90))
        XCTAssertEqual(
            try VaultTransportSettings(environment: ["VAULT_CLIENT_TIMEOUT": "2d"]).requestTimeout, .seconds(172_800))
        XCTAssertNil(try VaultTransportSettings(environment: ["VAULT_CLIENT_TIMEOUT": "0"]).requestTimeout)
        XCTAssertEqual(try VaultTransportSettings(environment: [:]).maxRetries, 2)
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["VAULT_MAX_RETRIES": "-1"])) { error in
            XCTAssertEqual("\(error)", "VAULT_MAX_RETRIES=\"-1\": not a whole number of retries (0 to 100)")
        }
        // Numbers that would overflow later are refused now.
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["VAULT_MAX_RETRIES": "9223372036854775807"]))
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["VAULT_CLIENT_TIMEOUT": "999999999999999d"]))
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["VAULT_CLIENT_TIMEOUT": "99999999999h"]))
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["VAULT_CLIENT_TIMEOUT": "soon"]))
        let twins = try VaultTransportSettings(environment: [
            "VAULT_MAX_RETRIES": "5", "BAO_MAX_RETRIES": "1", "VAULT_CLIENT_TIMEOUT": "9", "BAO_CLIENT_TIMEOUT": "3",
            "VAULT_PROXY_ADDR": "http://v:1", "BAO_PROXY_ADDR": "http://b:1",
        ])
        XCTAssertEqual(twins.maxRetries, 1, "the OpenBao twin wins")
        XCTAssertEqual(twins.requestTimeout, .seconds(3))
        XCTAssertEqual(twins.vaultProxy?.host, "b")
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["BAO_MAX_RETRIES": "x"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("BAO_MAX_RETRIES="), "\(error)")
        }
        XCTAssertThrowsError(try VaultTransportSettings(environment: ["HTTPS_PROXY": "ftp://x:1"])) { error in
            XCTAssertTrue("\(error)".contains("HTTPS_PROXY"), "\(error)")
        }
    }
}

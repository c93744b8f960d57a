import ProxyEnvironment
import XCTest

/// The proxy variables as Go's httpproxy reads them.
final class ProxySettingsTests: XCTestCase {
    func testHTTPSAndHTTPRequestsUseTheirOwnVariableUpperCaseFirst() throws {
        let proxies = try ProxySettings(environment: [
            "HTTPS_PROXY": "http://secure.proxy:3128", "https_proxy": "http://ignored:1",
            "http_proxy": "plain.proxy:8080",
        ])
        XCTAssertEqual(
            proxies.proxy(scheme: "https", host: "vault.example", port: 8200)?.description, "http://secure.proxy:3128")
        XCTAssertEqual(
            proxies.proxy(scheme: "http", host: "vault.example", port: 8200)?.description, "http://plain.proxy:8080",
            "no scheme means http://")
        let onlyHTTP = try ProxySettings(environment: ["HTTP_PROXY": "http://p:1"])
        XCTAssertNil(onlyHTTP.proxy(scheme: "https", host: "vault.example", port: 443), "no fallback between the two")
    }

    func testLoopbackIsNeverProxied() throws {
        let proxies = try ProxySettings(environment: ["HTTPS_PROXY": "http://p:3128", "HTTP_PROXY": "http://p:3128"])
        for host in ["localhost", "LOCALHOST", "127.0.0.1", "127.3.4.5", "::1"] {
            XCTAssertNil(proxies.proxy(scheme: "https", host: host, port: 8200), host)
        }
        XCTAssertNotNil(proxies.proxy(scheme: "https", host: "10.0.0.1", port: 8200))
    }

    func testNoProxyMatchesAsGoDoes() {
        let list = NoProxyList(
            """
             Example.com, .internal, *.svc.cluster.local,10.0.0.0/8, 192.168.1.7, 172.16.0.1:8200, \
            vault.test:8201, fd00::/8
            """
        )
        let cases: [(String, Int, Bool)] = [
            ("example.com", 443, true), ("api.example.com", 443, true), ("notexample.com", 443, false),
            ("internal", 443, false), ("vault.internal", 443, true),
            ("vault.vault.svc.cluster.local", 8200, true), ("svc.cluster.local", 8200, false),
            ("10.1.2.3", 8200, true), ("11.1.2.3", 8200, false),
            ("192.168.1.7", 1, true), ("192.168.1.8", 1, false),
            ("172.16.0.1", 8200, true), ("172.16.0.1", 8201, false),
            ("vault.test", 8201, true), ("vault.test", 8200, false),
            ("fd00::5", 8200, true), ("fe80::1", 8200, false),
        ]
        for (host, port, bypass) in cases {
            XCTAssertEqual(list.bypasses(host: host, port: port), bypass, "\(host):\(port)")
        }
        XCTAssertTrue(NoProxyList("a.b, *").bypasses(host: "anything", port: 1), "* anywhere means everything")
        XCTAssertFalse(NoProxyList("1.2.3.4.example").bypasses(host: "1.2.3.4", port: 1))
        XCTAssertFalse(
            NoProxyList("example.com").bypasses(host: "93.184.216.34", port: 443), "domain entries never match an IP")
    }

    func testNoProxyApplies() throws {
        let proxies = try ProxySettings(environment: ["HTTPS_PROXY": "http://p:3128", "no_proxy": ".cluster.local"])
        XCTAssertNil(proxies.proxy(scheme: "https", host: "vault.vault.svc.cluster.local", port: 8200))
        XCTAssertNotNil(proxies.proxy(scheme: "https", host: "vault.example.com", port: 8200))
    }

    func testProxyURLs() throws {
        let socks = try ProxyAddress(parsing: "socks5://gateway:1081", variable: "HTTPS_PROXY")
        XCTAssertEqual(socks.kind, .socks5)
        XCTAssertEqual(socks.port, 1081)
        XCTAssertEqual(try ProxyAddress(parsing: "socks5://gateway", variable: "X").port, 1080)
        let withUser = try ProxyAddress(parsing: "http://us%40er:p%3Ass@proxy.corp:3128/", variable: "HTTPS_PROXY")
        XCTAssertEqual(withUser.username, "us@er")
        XCTAssertEqual(withUser.password, "p:ss")
        XCTAssertEqual(withUser.description, "http://proxy.corp:3128", "credentials never shown")
        XCTAssertEqual(try ProxyAddress(parsing: "http://[fd00::1]:3128", variable: "X").host, "fd00::1")
        XCTAssertThrowsError(try ProxyAddress(parsing: "https://proxy:3128", variable: "HTTPS_PROXY")) { error in
            XCTAssertTrue(
                "\(error)".hasPrefix("HTTPS_PROXY=\"https://proxy:3128\": https:// proxies are not supported"),
                "\(error)")
        }
        XCTAssertThrowsError(try ProxyAddress(parsing: "http://user:secret@proxy:99999", variable: "HTTP_PROXY")) {
            error in
            XCTAssertFalse("\(error)".contains("secret"), "\(error)")
        }
    }
}

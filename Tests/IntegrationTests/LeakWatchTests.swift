import Foundation
import ProviderTestSupport
import XCTest

/// The leak scan itself: it must find what it is meant to find, or the suite-wide zero means nothing.
final class LeakWatchTests: XCTestCase {
    func testTheScanFindsEveryFormOfASecretAndIgnoresShortValues() {
        let watch = LeakWatch()
        let key =
            """
            -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE \
            KEY-----\n
            """
        watch.registerSecret("demo-P@ssw0rd-7c1e", kind: "password")
        watch.registerSecret(key, kind: "private key")
        watch.registerSecret("pa\"ss/wo\\rd", kind: "quoted")
        watch.registerSecret("short", kind: "too short to watch")
        let leaks = [
            "level=trace message=\"read demo-P@ssw0rd-7c1e\"",
            #"{"body":"\#(Data("demo-P@ssw0rd-7c1e".utf8).base64EncodedString())"}"#,
            #"""
            {"key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END \#
            PRIVATE KEY-----\n"}
            """#,
            "one line of it: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
            #"{"value":"pa\"ss\/wo\\rd"}"#,
        ]
        for (index, leak) in leaks.enumerated() { watch.record(leak, source: "text \(index)") }
        watch.record("a short word, the path secret/data/app and demo-P@ssw0rd cut short", source: "clean text")
        let findings = watch.takeFindings().map(\.description)
        for index in leaks.indices {
            XCTAssertTrue(
                findings.contains { $0.hasSuffix("appeared in text \(index)") }, "text \(index) not caught: \(findings)"
            )
        }
        XCTAssertFalse(findings.contains { $0.contains("clean text") }, "\(findings)")
        XCTAssertFalse(findings.joined().contains("demo-P@ssw0rd"), "a finding must not show the secret")
        XCTAssertTrue(watch.takeFindings().isEmpty, "texts are scanned once")
        XCTAssertEqual(watch.totals.secrets, 3)
    }

    func testAWatchedLogThatCannotBeReadIsAFinding() {
        let watch = LeakWatch()
        watch.watchFile("/nonexistent/provider.log", source: "a provider log")
        XCTAssertEqual(
            watch.takeFindings().map(\.description),
            ["a provider log: /nonexistent/provider.log could not be read for the scan"])
    }

    /// Against a real OpenBao: its raw audit log yields the token a login handed out and the values a read returned,
    /// but neither the root token's traffic nor Vault's error texts.
    func testOpenBaoAuditLogYieldsTheTokensAndValuesItHandedOut() async throws {
        let environment = try await DemoEnvironment.start()
        let jwt = environment.podToken()
        let login = try await environment.bao.request(
            "POST", "/v1/auth/kubernetes/login", body: #"{"role":"\#(environment.role)","jwt":"\#(jwt)"}"#, token: "")
        let auth = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: login.body) as? [String: Any])?["auth"] as? [String: Any])
        let clientToken = try XCTUnwrap(auth["client_token"] as? String)
        let read = try await environment.bao.request("GET", "/v1/secret/data/app", token: clientToken)
        XCTAssertEqual(read.status, 200)
        let refused = try await environment.bao.request("GET", "/v1/secret/data/other", token: clientToken)
        XCTAssertEqual(refused.status, 403)
        let watch = LeakWatch()
        watch.registerAuditedSecrets(environment.bao.auditLog, rootToken: environment.bao.rootToken)
        await environment.stop()

        let password = try XCTUnwrap(DemoEnvironment.appSecret["password"])
        for (name, text) in [
            ("token", "X-Vault-Token: \(clientToken)"), ("jwt", "jwt=\(jwt)"), ("password", "got \(password)"),
        ] {
            watch.record(text, source: name)
        }
        watch.record("Code: 403. Errors: * 1 error occurred: * permission denied", source: "error text")
        let findings = watch.takeFindings().map(\.description)
        for name in ["token", "jwt", "password"] {
            XCTAssertTrue(findings.contains { $0.hasSuffix("appeared in \(name)") }, "\(name) not caught: \(findings)")
        }
        XCTAssertFalse(findings.contains { $0.hasSuffix("error text") }, "\(findings)")
    }
}

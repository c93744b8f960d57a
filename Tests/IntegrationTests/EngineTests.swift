import Foundation
import GRPCCore
import ProviderAPI
import ProviderTestSupport
import XCTest

/// Secrets engines against the real OpenBao: database credentials from a real PostgreSQL, PKI, KV v1/v2 and odd
/// answers.
final class EngineTests: ProviderTestCase {
    override func setUp() async throws {
        try await super.setUp()
        try await VaultTestSetup.writePolicy(
            environment.bao, name: "app",
            hcl: """
                path "secret/data/*" { capabilities = ["read"] }
                path "kv1/*" { capabilities = ["read"] }
                path "kv1/sink" { capabilities = ["create", "update"] }
                path "pki/issue/*" { capabilities = ["create", "update"] }
                path "pki/tidy" { capabilities = ["update"] }
                path "database/creds/*" { capabilities = ["read"] }
                path "sys/policies/password/csi-*" { capabilities = ["create", "update"] }
                """)
    }

    // MARK: 1. Dynamic database credentials

    func testDatabaseUsernameAndPasswordComeFromOneReadAndLogIn() async throws {
        let postgres = try await PostgresServer.start()
        defer { postgres.stop() }
        try await VaultTestSetup.enablePostgresCredentials(environment.bao, postgres: postgres)
        let objects = """
            - objectName: db-user
              secretPath: database/creds/app
              secretKey: username
            - objectName: db-pass
              secretPath: database/creds/app
              secretKey: password
              filePermission: 0600
            """
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let files = try await driverFiles(objects, target: target)
        XCTAssertEqual(audited("read", "database/creds/app"), 1, "one read serves both objects")
        let username = try XCTUnwrap(files["db-user"]).text
        let password = try XCTUnwrap(files["db-pass"]).text
        XCTAssertEqual(files["db-pass"]?.mode, 0o600)
        XCTAssertTrue(username.hasPrefix("v-"), username)
        XCTAssertNotEqual(username, postgres.superuser)
        XCTAssertEqual(
            try postgres.psql("select current_user", user: username, password: password), username,
            "the pair belongs together: the password logs the username in")
        XCTAssertEqual(
            try postgres.psql(
                "select rolvaliduntil is not null from pg_roles where rolname = '\(username)'",
                user: postgres.superuser, password: postgres.password), "t")
    }

    // MARK: 2. PKI

    func testCertificateAndKeyComeFromOneIssuanceAndMatch() async throws {
        try await VaultTestSetup.enablePKI(environment.bao)
        // The same arguments in another key order are the same request.
        let objects = """
            - objectName: tls.crt
              secretPath: pki/issue/web
              method: PUT
              secretArgs: {common_name: a.example.com, ttl: 24h}
              secretKey: certificate
            - objectName: tls.key
              secretPath: pki/issue/web
              method: put
              secretArgs: {ttl: 24h, common_name: a.example.com}
              secretKey: private_key
              filePermission: 0600
            """
        let files = try await driverFiles(
            objects, target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(audited("update", "pki/issue/web"), 1, "one issuance serves both objects")
        let certificate = try XCTUnwrap(files["tls.crt"]).text
        let key = try XCTUnwrap(files["tls.key"]).text
        XCTAssertTrue(certificate.hasPrefix("-----BEGIN CERTIFICATE-----"), certificate)
        XCTAssertTrue(key.contains("PRIVATE KEY-----"))
        XCTAssertEqual(files["tls.key"]?.mode, 0o600)
        XCTAssertEqual(
            try OpenSSLTool.publicKey(ofCertificate: certificate), try OpenSSLTool.publicKey(ofPrivateKey: key),
            "the key belongs to the certificate")
        XCTAssertTrue(try OpenSSLTool.subject(ofCertificate: certificate).hasSuffix("a.example.com"))
    }

    /// PKI `issue` answers carry no lease (the role has no `generate_lease`), yet a rotation poll must not issue a new
    /// certificate every time: the same volume reuses the answer until two-thirds of its validity.
    func testACertificateIsReusedUntilTwoThirdsOfItsValidity() async throws {
        try await VaultTestSetup.enablePKI(environment.bao)
        let objects = """
            - {objectName: tls.crt, secretPath: pki/issue/web, method: PUT,
               secretArgs: {common_name: r.example.com, ttl: 6s}, secretKey: certificate}
            - {objectName: tls.key, secretPath: pki/issue/web, method: PUT,
               secretArgs: {common_name: r.example.com, ttl: 6s}, secretKey: private_key}
            """
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let first = try await driverFiles(objects, target: target)
        try await Task.sleep(for: .seconds(1))
        let second = try await driverFiles(objects, target: target)
        XCTAssertEqual(
            try OpenSSLTool.serial(ofCertificate: XCTUnwrap(second["tls.crt"]).text),
            try OpenSSLTool.serial(ofCertificate: XCTUnwrap(first["tls.crt"]).text))
        XCTAssertEqual(second["tls.key"]?.text, first["tls.key"]?.text)
        XCTAssertEqual(audited("update", "pki/issue/web"), 1)
        // Past two-thirds of the 6 s validity: a new issuance, its key and certificate together.
        try await Task.sleep(for: .seconds(3.5))
        let third = try await driverFiles(objects, target: target)
        let certificate = try XCTUnwrap(third["tls.crt"]).text
        XCTAssertNotEqual(
            try OpenSSLTool.serial(ofCertificate: certificate),
            try OpenSSLTool.serial(ofCertificate: XCTUnwrap(first["tls.crt"]).text))
        XCTAssertEqual(
            try OpenSSLTool.publicKey(ofCertificate: certificate),
            try OpenSSLTool.publicKey(ofPrivateKey: XCTUnwrap(third["tls.key"]).text))
        XCTAssertEqual(audited("update", "pki/issue/web"), 2)
    }

    func testDifferentArgumentsAreDifferentIssuances() async throws {
        try await VaultTestSetup.enablePKI(environment.bao)
        let objects = """
            - {objectName: a.crt, secretPath: pki/issue/web, method: PUT, secretArgs: {common_name: a.example.com},
               secretKey: certificate}
            - {objectName: b.crt, secretPath: pki/issue/web, method: PUT, secretArgs: {common_name: b.example.com},
               secretKey: certificate}
            """
        let files = try await driverFiles(
            objects, target: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(audited("update", "pki/issue/web"), 2)
        let a = try XCTUnwrap(files["a.crt"]).text
        let b = try XCTUnwrap(files["b.crt"]).text
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(try OpenSSLTool.serial(ofCertificate: a), try OpenSSLTool.serial(ofCertificate: b))
        XCTAssertTrue(try OpenSSLTool.subject(ofCertificate: a).hasSuffix("a.example.com"))
        XCTAssertTrue(try OpenSSLTool.subject(ofCertificate: b).hasSuffix("b.example.com"))
    }

    // MARK: 3. Every engine in one class, in both write modes

    func testMixedClassInDriverAndProviderModes() async throws {
        let postgres = try await PostgresServer.start()
        defer { postgres.stop() }
        try await VaultTestSetup.enablePostgresCredentials(environment.bao, postgres: postgres)
        try await VaultTestSetup.enablePKI(environment.bao)
        try await VaultTestSetup.enableKV1(environment.bao, mount: "kv1")
        try await VaultTestSetup.putKV1(environment.bao, mount: "kv1", path: "mixed", data: ["token": "kv1-token"])
        try await VaultTestSetup.putKV2(environment.bao, path: "multi", data: ["color": "red"])
        try await VaultTestSetup.putKV2(environment.bao, path: "multi", data: ["color": "blue"])
        let objects = """
            - {objectName: kv1-token, secretPath: kv1/mixed, secretKey: token}
            - {objectName: color-v1, secretPath: "secret/data/multi?version=1", secretKey: color}
            - {objectName: color-latest, secretPath: secret/data/multi, secretKey: color, filePermission: 0640}
            - {objectName: tls/tls.crt, secretPath: pki/issue/web, method: PUT,
               secretArgs: {common_name: mixed.example.com}, secretKey: certificate}
            - {objectName: tls/tls.key, secretPath: pki/issue/web, method: PUT,
               secretArgs: {common_name: mixed.example.com}, secretKey: private_key, filePermission: 0600}
            - {objectName: db/username, secretPath: database/creds/app, secretKey: username}
            - {objectName: db/password, secretPath: database/creds/app, secretKey: password, filePermission: 0600}
            """
        let expectedModes = [
            "kv1-token": 0o644, "color-v1": 0o644, "color-latest": 0o640, "tls/tls.crt": 0o644,
            "tls/tls.key": 0o600, "db/username": 0o644, "db/password": 0o600,
        ]

        // Driver mode: the target does not exist, so the files travel in the response.
        let driverTarget = try provider.targetPath(podUID: environment.pod.uid, volume: "driver", create: false)
        let response = try await provider.driver.mount(attributes: attributes(objects), targetPath: driverTarget)
        let files = Dictionary(uniqueKeysWithValues: response.files.map { ($0.path, $0) })
        XCTAssertEqual(files.mapValues { Int($0.mode) }, expectedModes)
        try checkMixed(contents: files.mapValues(\.text), postgres: postgres)
        XCTAssertFalse(FileManager.default.fileExists(atPath: driverTarget), "driver mode writes nothing")

        // Provider mode: the target exists, so the provider writes it.
        let providerTarget = try provider.targetPath(podUID: environment.pod.uid, volume: "provider")
        let written = try await provider.driver.mount(attributes: attributes(objects), targetPath: providerTarget)
        XCTAssertTrue(written.files.isEmpty)
        XCTAssertEqual(written.objectVersion.map(\.id), response.objectVersion.map(\.id))
        var onDisk: [String: String] = [:]
        for (name, mode) in expectedModes {
            onDisk[name] = readText(providerTarget + "/" + name)
            XCTAssertEqual(fileMode(providerTarget + "/" + name), mode, name)
        }
        try checkMixed(contents: onDisk, postgres: postgres)
        XCTAssertNotEqual(onDisk["db/username"], files["db/username"]?.text, "each mount has its own credentials")

        XCTAssertEqual(audited("read", "database/creds/app"), 2, "one read per mount")
        XCTAssertEqual(audited("update", "pki/issue/web"), 2, "one issuance per mount")
        XCTAssertEqual(audited("read", "secret/data/multi"), 4, "latest and ?version=1 are two requests per mount")
    }

    // MARK: 4. Odd answers

    func testDeletedLatestVersionIsNotFoundAndWritesNothing() async throws {
        try await VaultTestSetup.putKV2(environment.bao, path: "gone", data: ["a": "one"])
        try await VaultTestSetup.putKV2(environment.bao, path: "gone", data: ["a": "two"])
        try await environment.bao.admin("DELETE", "/v1/secret/data/gone")
        // What OpenBao really answers: 404 with a body whose data.data is null and whose metadata has a deletion_time.
        let raw = try await environment.bao.request("GET", "/v1/secret/data/gone")
        XCTAssertEqual(raw.status, 404)
        let body = try JSONSerialization.jsonObject(with: raw.body) as? [String: Any]
        let data = try XCTUnwrap(body?["data"] as? [String: Any])
        XCTAssertTrue(data["data"] is NSNull)
        XCTAssertNotEqual((data["metadata"] as? [String: Any])?["deletion_time"] as? String, "")

        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let before = try snapshot(target)
        for extra in [
            "- {objectName: gone.txt, secretPath: secret/data/gone, secretKey: a}",
            "- {objectName: gone.txt, secretPath: secret/data/gone}",
        ] {
            try await expectFailure(
                Self.appObjects + "\n" + extra, target: target, code: .notFound,
                texts: [
                    #"couldn't read secret "gone.txt": "#, "/v1/secret/data/gone ", "Code: 404",
                    "* the version (2) was deleted at ",
                ])
            XCTAssertEqual(try snapshot(target), before, "nothing may change")
        }
        let driverTarget = try provider.targetPath(podUID: environment.pod.uid, volume: "driver", create: false)
        try await expectFailure(
            "- {objectName: gone.txt, secretPath: secret/data/gone, secretKey: a}", target: driverTarget,
            code: .notFound, texts: [#"couldn't read secret "gone.txt": "#, "secret/data/gone"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: driverTarget))

        // The older version was not deleted and can still be read.
        let older = try await driverFiles(
            "- {objectName: old, secretPath: \"secret/data/gone?version=1\", secretKey: a}", target: driverTarget)
        XCTAssertEqual(older["old"]?.text, "one")
    }

    func testEmptyAnswerWhereDataWasExpectedIsAClearError() async throws {
        try await VaultTestSetup.enableKV1(environment.bao, mount: "kv1")
        // Both answer 204 with no body: a KV v1 write and a write under sys/.
        let passwordPolicy = #"length = 20\nrule \"charset\" {\n  charset = \"abcdefghij0123456789\"\n}\n"#
        let cases: [(object: String, name: String, path: String)] = [
            (
                """
                - {objectName: sink, secretPath: kv1/sink, method: PUT, secretArgs: {written: ok}, secretKey: \
                written}
                """,
                "sink", "kv1/sink"
            ),
            ("- {objectName: sink, secretPath: kv1/sink, method: PUT, secretArgs: {written: ok}}", "sink", "kv1/sink"),
            (
                """
                - {objectName: pw, secretPath: sys/policies/password/csi-test, method: PUT, secretArgs: {policy: \
                \"\(passwordPolicy)\"}, secretKey: policy}
                """,
                "pw", "sys/policies/password/csi-test"
            ),
        ]
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let before = try snapshot(target)
        for (object, name, path) in cases {
            try await expectFailure(
                Self.appObjects + "\n" + object, target: target, code: .notFound,
                texts: [#"couldn't read secret "\#(name)": "#, path, "empty response"])
            XCTAssertEqual(try snapshot(target), before, "nothing may change")
        }
        // The requests really were 204s that OpenBao carried out.
        // (A first write to a missing KV key is audited as `create`, later ones as `update`.)
        XCTAssertEqual(audited("create", "kv1/sink") + audited("update", "kv1/sink"), 2)
        XCTAssertEqual(
            audited("create", "sys/policies/password/csi-test") + audited("update", "sys/policies/password/csi-test"), 1
        )
        let stored = try await environment.bao.admin("GET", "/v1/kv1/sink")
        XCTAssertTrue(String(decoding: stored, as: UTF8.self).contains(#""written":"ok""#))
        let direct = try await environment.bao.request("PUT", "/v1/kv1/sink", body: #"{"written":"ok"}"#)
        XCTAssertEqual(direct.status, 204)
        XCTAssertTrue(direct.body.isEmpty)
    }

    func testAnswersWithWarningsStillMount() async throws {
        try await VaultTestSetup.enablePKI(environment.bao, maxTTL: "72h")
        // Asking for more than the role's max_ttl: OpenBao issues a capped certificate and says so in `warnings`.
        let probe = try await environment.bao.admin(
            "PUT", "/v1/pki/issue/web", body: #"{"common_name":"probe.example.com","ttl":"100h"}"#)
        let warnings = (try JSONSerialization.jsonObject(with: probe) as? [String: Any])?["warnings"] as? [String]
        XCTAssertTrue(warnings?.first?.contains("maxTTL is being used") == true, "\(String(describing: warnings))")

        let objects = """
            - {objectName: capped.crt, secretPath: pki/issue/web, method: PUT,
               secretArgs: {common_name: w.example.com, ttl: 100h}, secretKey: certificate}
            - {objectName: capped.key, secretPath: pki/issue/web, method: PUT,
               secretArgs: {common_name: w.example.com, ttl: 100h}, secretKey: private_key}
            - {objectName: tidy.json, secretPath: pki/tidy, method: POST, secretArgs: {tidy_cert_store: true}}
            """
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
        let certificate = try XCTUnwrap(readText(target + "/capped.crt"))
        XCTAssertEqual(
            try OpenSSLTool.publicKey(ofCertificate: certificate),
            try OpenSSLTool.publicKey(ofPrivateKey: XCTUnwrap(readText(target + "/capped.key"))))
        XCTAssertTrue(try OpenSSLTool.isValid(certificate: certificate, secondsFromNow: 71 * 3600))
        XCTAssertFalse(
            try OpenSSLTool.isValid(certificate: certificate, secondsFromNow: 73 * 3600), "capped at the role's 72h")
        // pki/tidy answers 202 Accepted with `data: null` and only a warning: the whole answer is the file.
        let tidy =
            try JSONSerialization.jsonObject(with: Data(XCTUnwrap(readText(target + "/tidy.json")).utf8))
            as? [String: Any]
        XCTAssertTrue(
            (tidy?["warnings"] as? [String])?.first?.contains("Tidy operation") == true, "\(String(describing: tidy))")
        // The warnings are logged with the request that drew them.
        let logs = provider.logs.text
        XCTAssertTrue(
            logs.contains("Vault answered with warnings") && logs.contains("PUT /v1/pki/issue/web")
                && logs.contains("maxTTL is being used"), logs)
    }

    // MARK: Helpers

    /// Mounts in driver mode (`target` must not exist) and returns the files by path.
    private func driverFiles(_ objects: String, target: String) async throws -> [String: V1alpha1_File] {
        let response = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
        return Dictionary(uniqueKeysWithValues: response.files.map { ($0.path, $0) })
    }

    /// How many times OpenBao's audit log shows `operation` on `path`.
    private func audited(_ operation: String, _ path: String) -> Int {
        environment.bao.auditedRequests().filter { $0.operation == operation && $0.path == path }.count
    }

    /// The mixed class's files, wherever they came from, hold what Vault has and work where they should.
    private func checkMixed(contents: [String: String], postgres: PostgresServer) throws {
        XCTAssertEqual(contents["kv1-token"], "kv1-token")
        XCTAssertEqual(contents["color-v1"], "red")
        XCTAssertEqual(contents["color-latest"], "blue")
        let certificate = try XCTUnwrap(contents["tls/tls.crt"])
        XCTAssertEqual(
            try OpenSSLTool.publicKey(ofCertificate: certificate),
            try OpenSSLTool.publicKey(ofPrivateKey: XCTUnwrap(contents["tls/tls.key"])))
        XCTAssertTrue(try OpenSSLTool.subject(ofCertificate: certificate).hasSuffix("mixed.example.com"))
        let username = try XCTUnwrap(contents["db/username"])
        XCTAssertEqual(
            try postgres.psql("select current_user", user: username, password: XCTUnwrap(contents["db/password"])),
            username)
    }

    /// Expects the mount to fail with `code` and a message holding every one of `texts`.
    private func expectFailure(
        _ objects: String, target: String, code: RPCError.Code, texts: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) async throws {
        do {
            _ = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
            XCTFail("expected \(code) for \(objects)", file: file, line: line)
        } catch let error as RPCError {
            XCTAssertEqual(error.code, code, error.message, file: file, line: line)
            for text in texts {
                XCTAssertTrue(
                    error.message.contains(text), "\(error.message) does not contain \(text)", file: file, line: line)
            }
        }
    }
}

private extension V1alpha1_File {
    /// The contents as UTF-8 text.
    var text: String { String(decoding: contents, as: UTF8.self) }
}

import Foundation
import GRPCCore
import ProviderAPI
import ProviderConfiguration
import ProviderTestSupport
import ProviderValues
import SecretsProvider
import XCTest

/// Beyond the reference, through the socket against the real OpenBao: templates, JSON Pointer keys, every key as a
/// file, a whole secret in one file (`format`), and file ownership.
final class TemplateAndOwnershipTests: ProviderTestCase {
    static let nested =
        #"{"data":{"config":{"db":{"host":"db.internal","password":"p&<\"'>w"},"ports":[5432,6432]},"a/b":"slash"}}"#

    override func setUp() async throws {
        try await super.setUp()
        try await VaultTestSetup.writePolicy(
            environment.bao, name: "app",
            hcl: """
                path "secret/data/*" { capabilities = ["read"] }
                path "pki/issue/*" { capabilities = ["create", "update"] }
                """)
        try await environment.bao.admin("POST", "/v1/secret/data/nested", body: Self.nested)
    }

    private func files(_ objects: String, _ extra: [String: String] = [:]) async throws -> [String: V1alpha1_File] {
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(attributes: attributes(objects, extra), targetPath: target)
        return Dictionary(uniqueKeysWithValues: response.files.map { ($0.path, $0) })
    }

    private func failure(
        _ objects: String, writeMode: WriteMode? = nil, file: StaticString = #filePath,
        line: UInt = #line
    ) async throws -> RPCError {
        if let writeMode {
            await provider.stop()
            provider = try await startProvider(writeMode: writeMode)
        }
        let target = try provider.targetPath(podUID: environment.pod.uid, create: writeMode == .provider)
        do {
            _ = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
        } catch let error as RPCError {
            return error
        }
        XCTFail("the mount was expected to fail, and succeeded", file: file, line: line)
        throw TestSupportError("the mount was expected to fail, and succeeded")
    }

    func testTemplatesRenderEnvFilesAndPEMBundlesRaw() async throws {
        try await VaultTestSetup.enablePKI(environment.bao)
        let files = try await files(
            """
            - objectName: db.env
              secretPath: secret/data/nested
              template: "DB_HOST={{config.db.host}}\\nDB_PASS={{config.db.password}}\\nPORTS={{config.ports}}\\n"
            - objectName: bundle.pem
              secretPath: pki/issue/web
              method: PUT
              secretArgs: {common_name: t.example.com}
              template: "{{certificate}}\\n{{issuing_ca}}\\n"
            - objectName: tls.key
              secretPath: pki/issue/web
              method: PUT
              secretArgs: {common_name: t.example.com}
              secretKey: private_key
            """)
        XCTAssertEqual(
            String(decoding: try XCTUnwrap(files["db.env"]).contents, as: UTF8.self),
            "DB_HOST=db.internal\nDB_PASS=p&<\"'>w\nPORTS=[5432,6432]\n")
        let bundle = String(decoding: try XCTUnwrap(files["bundle.pem"]).contents, as: UTF8.self)
        XCTAssertEqual(
            bundle.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1, 2, "leaf and issuing CA")
        // One issuance serves the template and the key: they match.
        XCTAssertEqual(
            try OpenSSLTool.publicKey(ofCertificate: bundle),
            try OpenSSLTool.publicKey(
                ofPrivateKey: String(decoding: try XCTUnwrap(files["tls.key"]).contents, as: UTF8.self)))
    }

    func testMissingTemplateVariableFailsNamingItAndTheObject() async throws {
        let error = try await failure(
            """
            - {objectName: db.env, secretPath: secret/data/nested,
               template: "U={{config.db.user}} H={{config.db.host}}"}
            """)
        XCTAssertEqual(error.code, .notFound)
        XCTAssertEqual(
            error.message,
            #"couldn't read secret "db.env": template: the data at secret/data/nested has no "config.db.user""#)
    }

    func testBrokenTemplateIsRefusedBeforeAnyVaultCall() async throws {
        let before = environment.bao.auditedRequests().count
        let error = try await failure(#"- {objectName: t, secretPath: secret/data/nested, template: "{{#config}}"}"#)
        XCTAssertEqual(error.code, .invalidArgument)
        XCTAssertTrue(error.message.hasPrefix(#"objects: object "t": template: line 1"#), error.message)
        XCTAssertEqual(environment.bao.auditedRequests().count, before, "no login, no read")
    }

    func testInvalidFieldCombinationsAreRefusedThroughTheSocket() async throws {
        let cases = [
            (
                #"- {objectName: t, secretPath: secret/data/app, template: "{{username}}", secretKey: username}"#,
                #"objects: object "t": template: cannot be combined with secretKey: the template selects the keys"#
            ),
            (
                #"- {objectName: t, secretPath: secret/data/app, template: "{{username}}", encoding: base64}"#,
                #"""
                objects: object "t": template: cannot be combined with encoding: the template's output is written \#
                as is
                """#
            ),
            (
                #"- {objectName: p, secretPath: secret/data/app, secretKey: "/a~x"}"#,
                #"""
                objects: object "p": secretKey: "/a~x" is not a valid JSON Pointer: a ~ must be followed by 0 or \#
                1 (~0 is ~, ~1 is /)
                """#
            ),
            (
                #"- {objectName: o, secretPath: secret/data/app, secretKey: username, fileOwner: nobody}"#,
                #"objects: object "o": fileOwner: expected a numeric id such as 1000"#
            ),
        ]
        for (objects, message) in cases {
            let error = try await failure(objects)
            XCTAssertEqual(error.code, .invalidArgument, objects)
            XCTAssertEqual(error.message, message)
        }
    }

    func testJSONPointerKeysSelectNestedValues() async throws {
        let files = try await files(
            """
            - {objectName: host, secretPath: secret/data/nested, secretKey: /config/db/host}
            - {objectName: port, secretPath: secret/data/nested, secretKey: /config/ports/1}
            - {objectName: slash, secretPath: secret/data/nested, secretKey: /a~1b}
            - {objectName: db.json, secretPath: secret/data/nested, secretKey: /config/db}
            """)
        XCTAssertEqual(
            files.mapValues { String(decoding: $0.contents, as: UTF8.self) },
            [
                "host": "db.internal", "port": "6432", "slash": "slash",
                "db.json": #"{"host":"db.internal","password":"p&<\"'>w"}"#,
            ])
        let missing = try await failure(
            "- {objectName: nope, secretPath: secret/data/nested, secretKey: /config/db/user}")
        XCTAssertEqual(missing.code, .notFound)
        XCTAssertEqual(
            missing.message,
            #"""
            couldn't read secret "nope": {secret/data/nested}: {key "/config/db/user" does not exist at the \#
            secret path}
            """#
        )
    }

    func testFormatWritesTheWholeSecretInOneFileExactly() async throws {
        try await environment.bao.admin(
            "POST", "/v1/secret/data/shell", body: #"{"data":{"USER":"app","PASS":"it's\nmulti","PORT":5432}}"#)
        let files = try await files(
            """
            - {objectName: nested.json, secretPath: secret/data/nested, format: json}
            - {objectName: app.env, secretPath: secret/data/shell, format: env}
            """)
        XCTAssertEqual(
            String(decoding: files["nested.json"]?.contents ?? Data(), as: UTF8.self),
            #"{"a/b":"slash","config":{"db":{"host":"db.internal","password":"p&<\"'>w"},"ports":[5432,6432]}}"#)
        XCTAssertEqual(
            String(decoding: files["app.env"]?.contents ?? Data(), as: UTF8.self),
            "PASS='it'\\''s\nmulti'\nPORT='5432'\nUSER='app'\n")
        let refused = try await failure("- {objectName: n.env, secretPath: secret/data/nested, format: env}")
        XCTAssertEqual(refused.code, .invalidArgument)
        XCTAssertTrue(
            refused.message.contains(#"format env: the key "a/b" is not a shell variable name"#), refused.message)
        let combined = try await failure(
            "- {objectName: x, secretPath: secret/data/shell, format: json, secretKey: USER}")
        XCTAssertEqual(combined.code, .invalidArgument)
        XCTAssertTrue(combined.message.contains("format: cannot be combined with secretKey"), combined.message)
    }

    func testEveryKeyWritesOneFileAndOneVersionPerKey() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(
            attributes: attributes(
                "- {objectName: app, secretPath: secret/data/app, secretKey: \"*\", filePermission: 0400}"),
            targetPath: target)
        XCTAssertEqual(response.files.map(\.path).sorted(), ["app/password", "app/username"])
        XCTAssertEqual(Set(response.files.map(\.mode)), [0o400])
        XCTAssertEqual(
            response.files.first { $0.path == "app/username" }.map { String(decoding: $0.contents, as: UTF8.self) },
            DemoEnvironment.appSecret["username"])
        XCTAssertEqual(response.objectVersion.map(\.id).sorted(), ["app/password", "app/username"])
        XCTAssertFalse(response.objectVersion.contains { $0.version.isEmpty })

        // A key that is not a legal file name is refused, naming it.
        try await environment.bao.admin("POST", "/v1/secret/data/odd", body: #"{"data":{"..":"x"}}"#)
        let error = try await failure(#"- {objectName: odd, secretPath: secret/data/odd, secretKey: "*"}"#)
        XCTAssertEqual(error.code, .invalidArgument)
        XCTAssertEqual(
            error.message, #"couldn't read secret "odd": secretKey "*": the key ".." is not a legal file name"#)
    }

    /// Driver mode cannot set ownership (the driver writes the files): refused, root or not.
    func testOwnershipIsRefusedInDriverMode() async throws {
        let error = try await failure(
            "- {objectName: owned, secretPath: secret/data/app, secretKey: username, fileOwner: 1000}",
            writeMode: .driver)
        XCTAssertEqual(error.code, .invalidArgument)
        XCTAssertTrue(
            error.message.hasPrefix(#"object "owned": fileOwner and fileGroup need provider write mode"#), error.message
        )
    }

    func testOwnershipIsSetInProviderMode() async throws {
        try XCTSkipUnless(geteuid() == 0, "chown to another user needs root, as the DaemonSet runs")
        await provider.stop()
        provider = try await startProvider(writeMode: .provider)
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(
            attributes: attributes(
                """
                - {objectName: username, secretPath: secret/data/app, secretKey: username}
                - {objectName: password, secretPath: secret/data/app, secretKey: password, fileOwner: 2000,
                   filePermission: 0400}
                """, ["fileOwner": "1000", "fileGroup": "3000"]),
            targetPath: target)
        func owner(_ name: String) -> String {
            var info = stat()  // Follows the per-name symlink to the file.
            return stat(target + "/" + name, &info) == 0 ? "\(info.st_uid):\(info.st_gid)" : "missing"
        }
        XCTAssertEqual(owner("username"), "1000:3000", "the class's defaults")
        XCTAssertEqual(owner("password"), "2000:3000", "the object's own owner beats the class's")
        XCTAssertEqual(readText(target + "/password"), DemoEnvironment.appSecret["password"])
    }
}

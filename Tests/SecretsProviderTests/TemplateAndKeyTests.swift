import Foundation
import ProviderConfiguration
import ProviderValues
import VaultContract
import XCTest

@testable import SecretsProvider

/// Templates, JSON Pointer keys and every-key objects, rendered from recorded Vault answers.
final class TemplateAndKeyTests: XCTestCase {
    let kv2 = Data(
        #"""
        {"data":{"data":{"username":"app","password":"p&<\"'>w","port":5432,"ratio":0.5,"tls":true,"nothing":null,
         "config":{"db":{"host":"db.internal","a/b":"slash","t~":"tilde"}},"list":["first","second"]},
         "metadata":{"version":3}}}
        """#.utf8)
    let pki = Data(
        (#"{"lease_id":"pki/issue/x/1","lease_duration":3600,"#
            + #""data":{"certificate":"CERT","issuing_ca":"CA","private_key":"KEY"}}"#).utf8)

    private func files(_ object: SecretObject, _ body: Data, mode: Int = 0o644) throws -> [(
        object: SecretObject, file: RenderedFile
    )] {
        try SecretRenderer.files(for: object, answer: VaultAnswer(body: body), defaultMode: mode)
    }

    private func text(_ object: SecretObject, _ body: Data) throws -> String {
        String(decoding: try files(object, body)[0].file.contents, as: UTF8.self)
    }

    private func template(_ template: String) -> SecretObject {
        SecretObject(objectName: "out", secretPath: "secret/data/app", template: template)
    }

    func testTemplatesRenderKV2DataByteForByte() throws {
        XCTAssertEqual(
            try text(template("DB_USER={{username}}\nDB_PASS={{password}}\n"), kv2), "DB_USER=app\nDB_PASS=p&<\"'>w\n")
        XCTAssertEqual(try text(template("{{{password}}}|{{& password}}"), kv2), "p&<\"'>w|p&<\"'>w")
    }

    func testTemplateValuesNumbersObjectsListsAndNull() throws {
        XCTAssertEqual(try text(template("{{port}} {{ratio}} {{tls}} {{nothing}}"), kv2), "5432 0.5 true null")
        XCTAssertEqual(
            try text(template("{{config.db.host}} {{config}}"), kv2),
            #"db.internal {"db":{"a/b":"slash","host":"db.internal","t~":"tilde"}}"#)
        XCTAssertEqual(
            try text(template("{{#list}}[{{.}}]{{/list}} {{list}}"), kv2), #"[first][second] ["first","second"]"#)
        XCTAssertEqual(try text(template("{{#config.db}}{{host}}{{/config.db}}"), kv2), "db.internal")
    }

    func testSectionsOverMissingNamesAreFalseNotErrors() throws {
        XCTAssertEqual(
            try text(template("a{{#absent}}x{{/absent}}{{^absent}}b{{/absent}}{{#nothing}}n{{/nothing}}"), kv2), "ab")
    }

    func testMissingVariablesAreErrorsNamingTheVariableAndObject() throws {
        for (source, missing) in [
            ("{{username}} {{absent}}", #""absent""#), ("{{config.db.port}}", #""config.db.port""#),
            ("{{#list}}{{nope}}{{/list}}", #""nope""#), ("{{{also}}} {{& more}}", #""also", "more""#),
        ] {
            XCTAssertThrowsError(try files(template(source), kv2), source) { error in
                let error = error as? MountError
                XCTAssertEqual(error?.code, .notFound)
                XCTAssertEqual(
                    error?.message,
                    #"couldn't read secret "out": template: the data at secret/data/app has no "# + missing)
            }
        }
    }

    /// Lists multiply a section's output; rendering stops once the file could pass its limit, long before memory does.
    func testOutputMultipliedBySectionsOrRepeatedValuesStopsAtTheFileLimit() throws {
        let items = JSONValue.array((0..<200).map { .number("\($0)") })
        let big = JSONValue.string(String(repeating: "x", count: 600_000))
        let answer = Data(JSONValue.object(["data": .object(["items": items, "big": big])]).canonicalJSON.utf8)
        for source in [
            "{{#items}}{{#items}}{{#items}}0123456789{{/items}}{{/items}}{{/items}}", "{{big}}{{big}}",
            "{{#items}}{{big}}{{/items}}", "{{#items}}{{#items}}{{#items}}{{.}}{{/items}}{{/items}}{{/items}}",
        ] {
            let object = SecretObject(objectName: "out", secretPath: "kv/app", template: source)
            let started = ContinuousClock.now
            XCTAssertThrowsError(try files(object, answer), source) { error in
                XCTAssertEqual((error as? MountError)?.code, .invalidArgument)
                XCTAssertEqual(
                    (error as? MountError)?.message,
                    #"couldn't read secret "out": template: the file would be more than the 1048576-byte limit"#)
            }
            XCTAssertLessThan(started.duration(to: .now), .seconds(5), source)
        }
        // Under the limit, a list of lists renders in full (40,000 passes).
        let rows = JSONValue.array((0..<200).map { _ in items })
        let table = Data(JSONValue.object(["data": .object(["rows": rows])]).canonicalJSON.utf8)
        let fits = SecretObject(
            objectName: "out", secretPath: "kv/app", template: "{{#rows}}{{#.}}<{{.}}>{{/.}}\n{{/rows}}")
        XCTAssertEqual(try text(fits, table).utf8.count, 200 * (10 * 3 + 90 * 4 + 100 * 5 + 1))
    }

    /// The fuzzer's findings: stored properties reached by reflection (`{{l.items}}`) rendered without bound, and
    /// booleans printed more than their one-character-delimiter tags were charged.
    func testNoValueEscapesTheBudget() throws {
        let list = JSONValue.array((0..<300).map { .number("\($0)") })
        let nested =
            "{{#l.items}}{{#l.items}}{{#l.items}}{{#l.items}}xx{{/l.items}}{{/l.items}}{{/l.items}}{{/l.items}}"
        let started = ContinuousClock.now
        XCTAssertEqual(TemplateRenderer.render(nested, data: .object(["l": list]), limit: 65_536), .success(""))
        XCTAssertEqual(
            TemplateRenderer.render("{{l.items}}", data: .object(["l": list]), limit: 65_536),
            .failure(.missing(["l.items"])))
        XCTAssertLessThan(started.duration(to: .now), .seconds(2))
        let falses = JSONValue.array(Array(repeating: .bool(false), count: 25))
        let flags = JSONValue.object(["a": falses, "b": falses, "c": falses])
        switch TemplateRenderer.render("{{=< >=}}<#a><#b><#c><.></c></b></a>", data: flags, limit: 65_536) {
        case .success(let text): XCTAssertLessThanOrEqual(text.utf8.count, 65_536)
        case .failure(let failure): XCTAssertEqual(failure, .tooLarge)
        }
        XCTAssertEqual(
            TemplateRenderer.render(
                "{{#t}}yes{{/t}}{{^f}}no{{/f}}{{t}}{{f}}", data: .object(["t": .bool(true), "f": .bool(false)])),
            .success("yesnotruefalse"))
    }

    func testTemplatesOverOtherEnginesUseTheResponseData() throws {
        let bundle = SecretObject(
            objectName: "bundle.pem", secretPath: "pki/issue/x", method: "PUT",
            template: "{{certificate}}\n{{issuing_ca}}\n")
        XCTAssertEqual(try text(bundle, pki), "CERT\nCA\n")
    }

    func testJSONPointerKeys() throws {
        func key(_ pointer: String) throws -> String {
            try text(SecretObject(objectName: "v", secretPath: "secret/data/app", secretKey: pointer), kv2)
        }
        XCTAssertEqual(try key("/config/db/host"), "db.internal")
        XCTAssertEqual(try key("/list/1"), "second")
        XCTAssertEqual(try key("/config/db/a~1b"), "slash")
        XCTAssertEqual(try key("/config/db/t~0"), "tilde")
        XCTAssertEqual(try key("/port"), "5432")
        XCTAssertEqual(try key("/config/db"), #"{"a/b":"slash","host":"db.internal","t~":"tilde"}"#)
        for missing in ["/config/db/port", "/list/2", "/list/01", "/username/x"] {
            XCTAssertThrowsError(try key(missing)) { error in
                XCTAssertEqual(
                    (error as? MountError)?.message,
                    #"""
                    couldn't read secret "v": {secret/data/app}: {key "\#(missing)" does not exist at the secret \#
                    path}
                    """#
                )
            }
        }
    }

    func testEveryKeyBecomesItsOwnFileAndObject() throws {
        let object = SecretObject(objectName: "pki", secretPath: "pki/issue/x", secretKey: "*", filePermission: 0o600)
        let rendered = try files(object, pki)
        XCTAssertEqual(rendered.map(\.file.path), ["pki/certificate", "pki/issuing_ca", "pki/private_key"])
        XCTAssertEqual(rendered.map(\.object.objectName), ["pki/certificate", "pki/issuing_ca", "pki/private_key"])
        XCTAssertEqual(rendered.map { String(decoding: $0.file.contents, as: UTF8.self) }, ["CERT", "CA", "KEY"])
        XCTAssertEqual(Set(rendered.map(\.file.mode)), [0o600])
        // Each key is its own object for versioning: the configuration differs by key.
        XCTAssertEqual(Set(rendered.map(\.object.configurationJSON)).count, 3)
    }

    func testEveryKeyAppliesTheEncodingAndRefusesIllegalNames() throws {
        let encoded = Data(#"{"data":{"a":"aGVsbG8=","b":"d29ybGQ="}}"#.utf8)
        let object = SecretObject(objectName: "dec", secretPath: "kv/x", secretKey: "*", encoding: .base64)
        XCTAssertEqual(
            try files(object, encoded).map { String(decoding: $0.file.contents, as: UTF8.self) }, ["hello", "world"])
        for bad in ["..", "a/b", ""] {
            let body = Data(#"{"data":{"\#(bad)":"x"}}"#.utf8)
            XCTAssertThrowsError(
                try files(SecretObject(objectName: "all", secretPath: "kv/x", secretKey: "*"), body), bad
            ) { error in
                XCTAssertEqual(
                    (error as? MountError)?.message,
                    #"couldn't read secret "all": secretKey "*": the key "\#(bad)" is not a legal file name"#)
            }
        }
        XCTAssertThrowsError(
            try files(SecretObject(objectName: "all", secretPath: "kv/x", secretKey: "*"), Data(#"{"data":{}}"#.utf8)))
    }

    func testOwnershipTravelsWithTheFile() throws {
        let object = SecretObject(
            objectName: "owned", secretPath: "secret/data/app", secretKey: "username", fileOwner: 1000, fileGroup: 2000)
        let file = try files(object, kv2)[0].file
        XCTAssertEqual(file.owner, 1000)
        XCTAssertEqual(file.group, 2000)
    }

    func testVolumeLayoutRefusesCollidingPaths() {
        XCTAssertNoThrow(try VolumeLayout.checkPaths(["a", "b/c", "b/d"]))
        XCTAssertThrowsError(try VolumeLayout.checkPaths(["a/x", "a/x"]))
        XCTAssertThrowsError(try VolumeLayout.checkPaths(["a", "a/x"])) { error in
            XCTAssertEqual(
                (error as? MountError)?.message,
                #"the file "a" is also the directory of "a/x"; rename one of the objects"#)
        }
    }
}

import Foundation
import ProviderConfiguration
import VaultContract
import XCTest

@testable import SecretsProvider

final class RenderingTests: XCTestCase {
    let kv2 = Data(
        (#"{"request_id":"r","data":{"data":{"password":"s3cr3t","port":5432,"nested":{"b":1,"a":"x/y"}},"#
            + #""metadata":{"version":2}}}"#).utf8)
    let kv1 = Data(#"{"data":{"password":"one","b64":"aGVsbG8=","hex":"68656C6C6f"}}"#.utf8)

    func testKV2IsUnwrappedAndStringsAreRaw() throws {
        let object = SecretObject(objectName: "p", secretPath: "secret/data/app", secretKey: "password")
        XCTAssertEqual(try SecretRenderer.render(object, body: kv2, defaultMode: 0o644).contents, Data("s3cr3t".utf8))
    }

    func testNonStringValuesAreJSON() throws {
        let port = SecretObject(objectName: "p", secretPath: "s", secretKey: "port")
        XCTAssertEqual(
            String(decoding: try SecretRenderer.render(port, body: kv2, defaultMode: 0o644).contents, as: UTF8.self),
            "5432")
        let nested = SecretObject(objectName: "n", secretPath: "s", secretKey: "nested")
        XCTAssertEqual(
            String(decoding: try SecretRenderer.render(nested, body: kv2, defaultMode: 0o644).contents, as: UTF8.self),
            #"{"a":"x/y","b":1}"#)
    }

    func testFormatJSONIsTheDataAloneSortedAndCompact() throws {
        let object = SecretObject(objectName: "app.json", secretPath: "secret/data/app", format: .json)
        XCTAssertEqual(
            String(decoding: try SecretRenderer.render(object, body: kv2, defaultMode: 0o644).contents, as: UTF8.self),
            #"{"nested":{"a":"x/y","b":1},"password":"s3cr3t","port":5432}"#)
        let v1 = SecretObject(objectName: "v1.json", secretPath: "kv/app", format: .json)
        XCTAssertEqual(
            String(decoding: try SecretRenderer.render(v1, body: kv1, defaultMode: 0o644).contents, as: UTF8.self),
            #"{"b64":"aGVsbG8=","hex":"68656C6C6f","password":"one"}"#)
    }

    func testFormatEnvQuotesEveryValueForPOSIXShells() throws {
        let body = Data(
            (#"{"data":{"data":{"USER":"app","QUOTE":"it's","LINES":"a\nb","PORT":5432,"#
                + #""_x1":{"k":[1,"v"]},"EMPTY":""}}}"#).utf8)
        let object = SecretObject(objectName: "app.env", secretPath: "secret/data/app", format: .env)
        XCTAssertEqual(
            String(decoding: try SecretRenderer.render(object, body: body, defaultMode: 0o644).contents, as: UTF8.self),
            "EMPTY=''\nLINES='a\nb'\nPORT='5432'\nQUOTE='it'\\''s'\nUSER='app'\n_x1='{\"k\":[1,\"v\"]}'\n")
        for key in ["1ABC", "A-B", "A B", "É", ""] {
            let bad = Data(#"{"data":{"\#(key)":"v"}}"#.utf8)
            XCTAssertThrowsError(try SecretRenderer.render(object, body: bad, defaultMode: 0o644)) { error in
                XCTAssertEqual((error as? MountError)?.code, .invalidArgument)
                XCTAssertTrue(
                    "\(error)".contains(
                        #"couldn't read secret "app.env": format env: the key "\#(key)" is not a shell variable name"#),
                    "\(error)")
            }
        }
        let list = Data(#"{"data":["a","b"]}"#.utf8)
        XCTAssertThrowsError(try SecretRenderer.render(object, body: list, defaultMode: 0o644)) { error in
            XCTAssertTrue("\(error)".contains("format env: the data is not a set of keys"), "\(error)")
        }
    }

    func testWholeResponseWithoutKeyDropsOnlyTheRequestID() throws {
        let object = SecretObject(objectName: "all", secretPath: "s")
        XCTAssertEqual(
            String(decoding: try SecretRenderer.render(object, body: kv2, defaultMode: 0o644).contents, as: UTF8.self),
            #"{"data":{"data":{"password":"s3cr3t","port":5432,"nested":{"b":1,"a":"x/y"}},"metadata":{"version":2}}}"#)
    }

    func testRequestIDIsCutWhereverItStandsAndNothingElseMoves() {
        func cut(_ text: String) -> String {
            String(decoding: WholeResponse.withoutRequestID(Data(text.utf8)), as: UTF8.self)
        }
        XCTAssertEqual(cut(#"{"request_id":"a","lease_id":""}"#), #"{"lease_id":""}"#, "first member")
        XCTAssertEqual(cut(#"{"lease_id":"", "request_id" : "a"}"#), #"{"lease_id":""}"#, "last member")
        XCTAssertEqual(
            cut(#"{"x":1,"request_id":"a","y":[1,{"request_id":"keep"}]}"#), #"{"x":1,"y":[1,{"request_id":"keep"}]}"#,
            "only the top level")
        XCTAssertEqual(cut(#"{"request_id":"a"}"#), "{}", "the only member")
        XCTAssertEqual(
            cut("{\n  \"a\": \"q\\\"}\",\n  \"request_id\": \"r\"\n}\n"), "{\n  \"a\": \"q\\\"}\"\n}\n",
            "escaped quotes and layout")
        XCTAssertEqual(cut(#"{"a":"request_id"}"#), #"{"a":"request_id"}"#, "a value is not a key")
        XCTAssertEqual(cut("not json"), "not json")
        XCTAssertEqual(cut(#"{"request_id":"a""#), #"{"request_id":"a""#, "truncated JSON stays as sent")
        XCTAssertEqual(cut("[1,2]"), "[1,2]")
    }

    func testEncodingsAndModes() throws {
        let b64 = SecretObject(
            objectName: "b", secretPath: "kv/x", secretKey: "b64", encoding: .base64, filePermission: 0o600)
        let file = try SecretRenderer.render(b64, body: kv1, defaultMode: 0o644)
        XCTAssertEqual(file.contents, Data("hello".utf8))
        XCTAssertEqual(file.mode, 0o600)
        let hex = SecretObject(objectName: "h", secretPath: "kv/x", secretKey: "hex", encoding: .hex)
        let hexFile = try SecretRenderer.render(hex, body: kv1, defaultMode: 0o440)
        XCTAssertEqual(hexFile.contents, Data("hello".utf8))
        XCTAssertEqual(hexFile.mode, 0o440)
        let badBase64 = SecretObject(objectName: "bad", secretPath: "kv/x", secretKey: "password", encoding: .base64)
        XCTAssertThrowsError(try SecretRenderer.render(badBase64, body: kv1, defaultMode: 0o644)) { error in
            XCTAssertTrue("\(error)".contains(#"couldn't read secret "bad""#))
            XCTAssertFalse("\(error)".contains("one"), "the value must not leak")
        }
    }

    func testMissingKeyAndEmptyBody() {
        let object = SecretObject(objectName: "db-pass", secretPath: "secret/data/app", secretKey: "pass")
        XCTAssertThrowsError(try SecretRenderer.render(object, body: kv2, defaultMode: 0o644)) { error in
            XCTAssertEqual((error as? MountError)?.code, .notFound)
            XCTAssertEqual(
                "\(error)",
                #"couldn't read secret "db-pass": {secret/data/app}: {key "pass" does not exist at the secret path}"#)
        }
        XCTAssertThrowsError(try SecretRenderer.render(object, body: Data(), defaultMode: 0o644)) { error in
            XCTAssertEqual((error as? MountError)?.code, .notFound)
        }
        let whole = SecretObject(objectName: "w", secretPath: "sys/x")
        XCTAssertThrowsError(try SecretRenderer.render(whole, body: Data(), defaultMode: 0o644))
    }

    func testFileSizeLimit() {
        let big = Data(("{\"data\":{\"k\":\"" + String(repeating: "x", count: Limits.maxFileBytes + 1) + "\"}}").utf8)
        XCTAssertThrowsError(
            try SecretRenderer.render(
                SecretObject(objectName: "big", secretPath: "s", secretKey: "k"), body: big, defaultMode: 0o644))
    }
}

final class ReadPlanTests: XCTestCase {
    func testPathNormalisation() {
        for path in ["secret/foo", "/secret/foo", "v1/secret/foo", "/v1/secret/foo"] {
            XCTAssertEqual(VaultRequest(method: "GET", secretPath: path).path, "/v1/secret/foo", path)
        }
        let versioned = VaultRequest(method: "GET", secretPath: "secret/data/foo?version=2")
        XCTAssertEqual(versioned.path, "/v1/secret/data/foo")
        XCTAssertEqual(versioned.query, "version=2")
        XCTAssertEqual(versioned.description, "GET /v1/secret/data/foo?version=2")
    }

    func testOneRequestPerDistinctPathMethodAndBody() {
        let objects = [
            SecretObject(objectName: "user", secretPath: "database/creds/app", secretKey: "username"),
            SecretObject(objectName: "pass", secretPath: "/v1/database/creds/app", secretKey: "password"),
            SecretObject(
                objectName: "cert-a", secretPath: "pki/issue/web", method: "PUT",
                secretArgs: ["common_name": .string("a.example")]),
            SecretObject(
                objectName: "cert-b", secretPath: "pki/issue/web", method: "PUT",
                secretArgs: ["common_name": .string("b.example")]),
            SecretObject(
                objectName: "key-a", secretPath: "pki/issue/web", method: "PUT",
                secretArgs: ["common_name": .string("a.example")]),
            SecretObject(objectName: "v2", secretPath: "secret/data/x?version=2"),
            SecretObject(objectName: "v1", secretPath: "secret/data/x?version=1"),
        ]
        let plan = ReadPlan(objects: objects)
        XCTAssertEqual(plan.requests.count, 5)
        XCTAssertEqual(plan.requestIndexForObject, [0, 0, 1, 2, 1, 3, 4])
        XCTAssertEqual(plan.requests[1].body, #"{"common_name":"a.example"}"#)
    }
}

final class VersionSignerTests: XCTestCase {
    func testVersionsDependOnKeyConfigurationAndContent() {
        let signer = VersionSigner(key: Data(repeating: 7, count: 32))
        let object = SecretObject(objectName: "a", secretPath: "p", secretKey: "k")
        let version = signer.version(of: object, contents: Data("x".utf8))
        XCTAssertEqual(version, signer.version(of: object, contents: Data("x".utf8)))
        XCTAssertEqual(version.count, 43, "base64url of 32 bytes, unpadded")
        XCTAssertFalse(version.contains("=") || version.contains("+") || version.contains("/"))
        XCTAssertNotEqual(version, signer.version(of: object, contents: Data("y".utf8)))
        var other = object
        other.secretKey = "k2"
        XCTAssertNotEqual(version, signer.version(of: other, contents: Data("x".utf8)))
        XCTAssertNotEqual(
            version, VersionSigner(key: Data(repeating: 8, count: 32)).version(of: object, contents: Data("x".utf8)))
    }
}

private extension SecretRenderer {
    /// The one file of an object that yields one.
    static func render(_ object: SecretObject, body: Data, defaultMode: Int) throws -> RenderedFile {
        try files(for: object, answer: VaultAnswer(body: body), defaultMode: defaultMode)[0].file
    }
}

import ProviderConfiguration
import ProviderValues
import XCTest

final class ObjectsParserTests: XCTestCase {
    func testParsesEveryField() throws {
        let objects = try ObjectsParser.parse(
            """
            - objectName: db-pass
              secretPath: secret/data/db
              secretKey: password
              method: post
              encoding: BASE64
              filePermission: 0640
              secretArgs:
                common_name: example.com
                ttl: 24
                alt: [a, b]
                exclude: true
            - objectName: raw
              secretPath: /v1/kv/raw
            """)
        XCTAssertEqual(objects.count, 2)
        let first = objects[0]
        XCTAssertEqual(first.objectName, "db-pass")
        XCTAssertEqual(first.secretPath, "secret/data/db")
        XCTAssertEqual(first.secretKey, "password")
        XCTAssertEqual(first.method, "POST")
        XCTAssertEqual(first.encoding, .base64)
        XCTAssertEqual(first.filePermission, 0o640)
        XCTAssertEqual(
            first.secretArgs.map { JSONValue.object($0).canonicalJSON },
            #"{"alt":["a","b"],"common_name":"example.com","exclude":true,"ttl":24}"#)
        XCTAssertEqual(objects[1].method, "GET")
        XCTAssertEqual(objects[1].encoding, .utf8)
        XCTAssertNil(objects[1].filePermission)
        XCTAssertNil(objects[1].secretArgs)
    }

    /// `secretArgs` scalars are typed as the reference's go-yaml v3 types them, then sent as JSON.
    func testSecretArgsScalarsAreTypedLikeTheReference() throws {
        func json(_ literal: String) throws -> String? {
            let objects = try ObjectsParser.parse("- {objectName: a, secretPath: p, secretArgs: {v: \(literal)}}")
            return objects[0].secretArgs?["v"]?.canonicalJSON
        }
        let expectations: [(String, String)] = [
            ("true", "true"), ("False", "false"), ("TRUE", "true"),
            ("yes", #""yes""#), ("on", #""on""#), ("No", #""No""#),
            ("null", "null"), ("~", "null"), ("''", #""""#), ("'null'", #""null""#),
            ("24", "24"), ("-7", "-7"), ("+5", "5"), ("1_000", "1000"), ("0x1F", "31"), ("0o17", "15"),
            ("0b101", "5"), ("017", "15"), ("018", "18"), ("18446744073709551615", "18446744073709551615"),
            ("1.5", "1.5"), (".5", "0.5"), ("1e3", "1000"), ("-2.0", "-2"),
            ("'24'", #""24""#), ("\"true\"", #""true""#), ("24h", #""24h""#), ("2001-12-14", #""2001-12-14""#),
            (".inf", #"".inf""#), ("0x", #""0x""#), ("+", #""+""#), ("1.2.3", #""1.2.3""#),
        ]
        for (literal, expected) in expectations {
            XCTAssertEqual(try json(literal), expected, "secretArgs value \(literal)")
        }
    }

    func testFilePermissionOctalAndDecimal() throws {
        func mode(_ literal: String) throws -> Int? {
            try ObjectsParser.parse("- {objectName: a, secretPath: p, filePermission: \(literal)}")[0].filePermission
        }
        XCTAssertEqual(try mode("0640"), 0o640)
        XCTAssertEqual(try mode("0o640"), 0o640)
        XCTAssertEqual(try mode("420"), 0o644)
        XCTAssertThrowsError(try mode("\"0640\""))
        XCTAssertThrowsError(try mode("01000"))
    }

    func testUnknownKeysAreIgnored() throws {
        let objects = try ObjectsParser.parse("- {objectName: a, secretPath: p, objectVersion: 3}")
        XCTAssertEqual(objects[0].objectName, "a")
    }

    func testEmptyObjectsUseTheReferenceWording() {
        for yaml in ["", "[]", "null", "  \n"] {
            assertError(yaml, "no secrets configured - the provider will not read any secret material")
        }
    }

    func testDuplicateNamesAreListedSorted() {
        assertError(
            """
            - {objectName: b, secretPath: p}
            - {objectName: a, secretPath: p}
            - {objectName: b, secretPath: q}
            - {objectName: a, secretPath: q}
            """,
            """
            each `objectName` within a SecretProviderClass must be unique, but the following keys were duplicated: \
            a, b
            """
        )
    }

    func testInvalidEncodingKeepsTheReferenceWordingAndNamesTheObject() {
        let message = errorText("- {objectName: a, secretPath: p, encoding: rot13}")
        XCTAssertTrue(message.contains("invalid encoding type. Should be utf-8, base64, or hex"), message)
        XCTAssertTrue(message.contains("\"a\""), message)
    }

    func testYAMLSyntaxErrorNamesObjectsAndLine() {
        let message = errorText("- objectName: a\n  secretPath: p\n  secretKey: x: y\n")
        XCTAssertTrue(message.hasPrefix("objects: line 3: "), message)
    }

    func testAliasesAndDeepNestingAreRefused() {
        XCTAssertTrue(
            errorText("- &x {objectName: a, secretPath: p}\n- *x").contains("aliases"),
            errorText("- &x {objectName: a, secretPath: p}\n- *x"))
        let deep =
            "- objectName: a\n  secretPath: p\n  secretArgs: " + String(repeating: "[", count: 80)
            + String(repeating: "]", count: 80)
        XCTAssertTrue(errorText(deep).contains("nested deeper than 64"), errorText(deep))
    }

    /// A megabyte of nesting (the attributes' limit) is refused by its depth before any tree is built: building one
    /// recursively would overflow the stack.
    func testAMegabyteOfNestingIsRefusedWithoutATree() {
        let size = Limits.maxAttributesBytes - 64
        let shapes = [
            "flow sequences": String(repeating: "[", count: size),
            "flow mappings": String(repeating: "{a: ", count: size / 4),
            "block sequences": String(repeating: "- ", count: size / 2) + "x",
            "inside an object": "- objectName: a\n  secretPath: p\n  secretArgs: "
                + String(repeating: "[", count: size - 64),
            "indented mappings": (0..<1400).map { String(repeating: " ", count: $0) + "k:\n" }.joined(),
        ]
        for (shape, yaml) in shapes {
            let message = errorText(yaml)
            XCTAssertTrue(message.contains("nested deeper than 64 levels"), "\(shape): \(message.prefix(200))")
        }
    }

    /// The daemon parses on Swift concurrency's threads, whose stacks are smaller than the main thread's: nesting just
    /// under libyaml's own limit of 1000 must not reach a recursive tree builder there.
    func testNestingJustUnderLibyamlsLimitIsRefusedOnAConcurrencyThread() async {
        for yaml in [String(repeating: "[", count: 990), String(repeating: "- ", count: 990) + "x"] {
            let message = await Task.detached { objectsParserError(yaml) }.value
            XCTAssertTrue(message.contains("nested deeper than 64 levels"), String(message.prefix(200)))
        }
    }

    /// Names made of dots once trapped the renderer; sections nested past 64 overflowed the template parser's stack.
    func testTemplateNamesWithEmptyDottedPartsAndDeepSectionsAreRefused() {
        for name in ["..", "...", "a..b", "a.", "#..", "&..", "{..}"] {
            let yaml = "- {objectName: a, secretPath: p, template: '{{\(name)}}'}"
            XCTAssertTrue(errorText(yaml).contains("has an empty part between dots"), "\(name): \(errorText(yaml))")
        }
        XCTAssertEqual(
            errorText("- {objectName: a, secretPath: p, template: 'x\n\n  {{..}}'}"),
            #"objects: object "a": template: line 2, column 1: the tag name ".." has an empty part between dots"#)
        for name in [".", ".a", "a.b", "uppercased(a)"] {
            XCTAssertEqual(errorText("- {objectName: a, secretPath: p, template: '{{\(name)}}'}"), "no error", name)
        }
        let deep = String(repeating: "{{#a}}", count: 100_000) + String(repeating: "{{/a}}", count: 100_000)
        let delimited = "{{=<% %>=}}" + String(repeating: "<%^a%>", count: 65) + String(repeating: "<%/a%>", count: 65)
        for template in [deep, delimited] {
            let message = errorText("- objectName: a\n  secretPath: p\n  template: '\(template)'")
            XCTAssertTrue(message.hasSuffix("sections are nested more than 64 deep"), String(message.prefix(300)))
        }
        // Read as Mustache reads them: set delimiters split on any whitespace, `}}` plus a combining mark is no
        // delimiter.
        let sections = String(repeating: "{{#a}}", count: 200) + String(repeating: "{{/a}}", count: 200)
        for template in [
            "{{=<%\n%>=}}" + String(repeating: "<%#a%>", count: 200) + String(repeating: "<%/a%>", count: 200),
            "{{! x }}\u{301} {{{ }}" + sections,
        ] {
            // A JSON string is a YAML double-quoted scalar: the template arrives byte for byte.
            let message = errorText(
                "- objectName: a\n  secretPath: p\n  template: \(JSONValue.string(template).canonicalJSON)")
            XCTAssertTrue(message.hasSuffix("sections are nested more than 64 deep"), String(message.prefix(300)))
        }
        XCTAssertTrue(
            errorText("- {objectName: a, secretPath: p, template: '{{\(String(repeating: "(", count: 100_000))x}}'}")
                .hasSuffix("a tag applies more than 4 transforms"))
        XCTAssertTrue(
            errorText("- {objectName: a, secretPath: p, template: '{{=<<<<<<<<< >>>>>>>>>=}}<<<<<<<<<x>>>>>>>>>'}")
                .hasSuffix("a set-delimiter tag sets a delimiter longer than 8 characters"))
        // A combining mark first would join the text pragma's brace; another content type would escape the output.
        XCTAssertTrue(
            errorText("- {objectName: a, secretPath: p, template: \"\\u035Ax\"}").hasSuffix(
                "the template begins with a combining character"),
            errorText("- {objectName: a, secretPath: p, template: \"\\u035Ax\"}"))
        XCTAssertTrue(
            errorText("- {objectName: a, secretPath: p, template: '{{% CONTENT_TYPE: HTML}}{{x}}'}")
                .hasSuffix(
                    "pragmas other than CONTENT_TYPE: TEXT are not supported: templates render as text, byte for byte"))
        XCTAssertEqual(
            errorText("- {objectName: a, secretPath: p, template: '{{% CONTENT_TYPE: TEXT}}{{x}}'}"), "no error")
        let sixtyFour = String(repeating: "{{#a}}", count: 64) + String(repeating: "{{/a}}", count: 64)
        XCTAssertEqual(errorText("- {objectName: a, secretPath: p, template: '\(sixtyFour)'}"), "no error")
    }

    func testMissingFieldsAndBadNamesAreNamed() {
        XCTAssertEqual(errorText("- {secretPath: p}"), "objects: objects[0]: objectName: is required")
        XCTAssertEqual(errorText("- {objectName: a}"), "objects: object \"a\": secretPath: is required")
        XCTAssertTrue(errorText("- {objectName: ../etc/passwd, secretPath: p}").contains("objectName"))
        XCTAssertTrue(errorText("- {objectName: /abs, secretPath: p}").contains("relative"))
        XCTAssertTrue(errorText("- {objectName: [a], secretPath: p}").contains("objectName: expected a string"))
        XCTAssertTrue(errorText("objectName: a").contains("expected a list"))
        XCTAssertTrue(errorText("- just-a-string").contains("objects[0] must be a mapping"))
    }

    func testTooManyObjects() {
        let yaml = (0...Limits.maxObjects).map { "- {objectName: o\($0), secretPath: p}" }.joined(separator: "\n")
        XCTAssertTrue(errorText(yaml).contains("at most 1000"))
    }

    private func errorText(_ yaml: String) -> String {
        objectsParserError(yaml)
    }

    private func assertError(_ yaml: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(errorText(yaml), expected, file: file, line: line)
    }
}

/// The beyond-the-reference fields: template, JSON Pointer keys, every key, ownership.
final class ObjectFieldTests: XCTestCase {
    func testOptionalIsAYAMLBoolean() throws {
        let objects = try ObjectsParser.parse(
            """
            - {objectName: a, secretPath: p, optional: true}
            - {objectName: b, secretPath: p, optional: False}
            - {objectName: c, secretPath: p, optional: ~}
            - {objectName: d, secretPath: p}
            """)
        XCTAssertEqual(objects.map(\.optional), [true, false, false, false])
        XCTAssertTrue(objects[0].configurationJSON.contains(#""optional":true"#))
        XCTAssertFalse(objects[3].configurationJSON.contains("optional"), "versions of other objects are unchanged")
        for value in ["\"true\"", "yes", "1", "[true]"] {
            XCTAssertEqual(
                error("- {objectName: a, secretPath: p, optional: \(value)}"),
                #"objects: object "a": optional: expected true or false"#, value)
        }
    }

    private func error(_ yaml: String, parameters: [String: String] = [:]) -> String? {
        do {
            _ = try MountConfiguration(
                parameters: ["roleName": "r", "objects": yaml].merging(parameters) { _, new in new },
                permission: "420", targetPath: "/t")
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testTemplateParsesAndExcludesSecretKeyAndEncoding() throws {
        let objects = try ObjectsParser.parse("- {objectName: env, secretPath: p, template: \"U={{username}}\"}")
        XCTAssertEqual(objects[0].template, "U={{username}}")
        XCTAssertEqual(
            error("- {objectName: env, secretPath: p, template: \"{{a}}\", secretKey: a}"),
            #"objects: object "env": template: cannot be combined with secretKey: the template selects the keys"#)
        XCTAssertEqual(
            error("- {objectName: env, secretPath: p, template: \"{{a}}\", encoding: base64}"),
            #"""
            objects: object "env": template: cannot be combined with encoding: the template's output is written \#
            as is
            """#
        )
        XCTAssertEqual(
            error("- {objectName: env, secretPath: p, template: \"x\\n{{#a}}\"}"),
            #"objects: object "env": template: line 2, column 7: a section is never closed"#)
        XCTAssertEqual(
            error("- {objectName: env, secretPath: p, template: \"{{a}}\", secretKey: \"*\"}"),
            #"objects: object "env": template: cannot be combined with secretKey: the template selects the keys"#)
    }

    func testFormatIsJSONOrEnvAndStandsAlone() throws {
        let objects = try ObjectsParser.parse(
            "- {objectName: a.json, secretPath: p, format: json}\n- {objectName: a.env, secretPath: p, format: env}")
        XCTAssertEqual(objects.map(\.format), [.json, .env])
        XCTAssertTrue(objects[0].configurationJSON.contains(#""format":"json""#), "a format change is a new version")
        XCTAssertEqual(
            error("- {objectName: a, secretPath: p, format: yaml}"),
            #"objects: object "a": format: "yaml" is not a format: use json or env"#)
        XCTAssertEqual(
            error("- {objectName: a, secretPath: p, format: [json]}"),
            #"objects: object "a": format: expected a string"#)
        for (field, value) in [("secretKey", "password"), ("template", "\"{{a}}\""), ("encoding", "base64")] {
            XCTAssertEqual(
                error("- {objectName: a, secretPath: p, format: env, \(field): \(value)}"),
                #"""
                objects: object "a": format: cannot be combined with \#(field): the format writes every key, as \#
                stored
                """#
            )
        }
    }

    func testJSONPointerKeysMustBeValid() {
        XCTAssertNil(error("- {objectName: a, secretPath: p, secretKey: /a~1b/c~0}"))
        XCTAssertEqual(
            error("- {objectName: a, secretPath: p, secretKey: /a~2}"),
            #"""
            objects: object "a": secretKey: "/a~2" is not a valid JSON Pointer: a ~ must be followed by 0 or 1 \#
            (~0 is ~, ~1 is /)
            """#
        )
    }

    func testOwnershipFromObjectsAndClassDefaults() throws {
        let configuration = try MountConfiguration(
            parameters: [
                "roleName": "r", "fileOwner": "1000", "fileGroup": "3000",
                "objects":
                    "- {objectName: a, secretPath: p}\n- {objectName: b, secretPath: p, fileOwner: 0, fileGroup: 2000}",
            ],
            permission: "420", targetPath: "/t")
        XCTAssertEqual(configuration.objects.map(\.fileOwner), [1000, 0])
        XCTAssertEqual(configuration.objects.map(\.fileGroup), [3000, 2000])
        XCTAssertEqual(
            error("- {objectName: a, secretPath: p, fileOwner: root}"),
            #"objects: object "a": fileOwner: expected a numeric id such as 1000"#)
        XCTAssertEqual(
            error("- {objectName: a, secretPath: p, fileGroup: -1}"),
            #"objects: object "a": fileGroup: expected a numeric id such as 1000"#)
        XCTAssertNotNil(error("- {objectName: a, secretPath: p}", parameters: ["fileOwner": "app"]))
    }
}

/// The parser's error text for `yaml`, or "no error".
private func objectsParserError(_ yaml: String) -> String {
    do {
        _ = try ObjectsParser.parse(yaml)
        return "no error"
    } catch {
        return "\(error)"
    }
}

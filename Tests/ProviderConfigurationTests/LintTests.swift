import ProviderValues
import XCTest

@testable import ProviderConfiguration

/// `vault-csi-provider lint`'s checks (docs/lint.md): exact lines and messages.
final class LintTests: XCTestCase {
    // MARK: - Helpers

    /// The printed findings for a file made of `lines` (line N is `lines[N - 1]`).
    private func lint(_ lines: [String]) -> [String] {
        SecretProviderClassLinter.lint(file: "f.yaml", text: lines.joined(separator: "\n") + "\n").findings.map(
            \.description)
    }

    /// A class named `c` whose `spec.parameters` are `parameters`: the first parameter is on line 8.
    private func classLines(_ parameters: [String]) -> [String] {
        [
            "apiVersion: secrets-store.csi.x-k8s.io/v1", "kind: SecretProviderClass", "metadata:", "  name: c",
            "spec:", "  provider: vault", "  parameters:",
        ] + parameters.map { "    " + $0 }
    }

    /// A class with `roleName: app` and `objects: |` (line 9) whose block holds `objects`: its first line is line 10.
    private func objectLines(_ objects: [String]) -> [String] {
        classLines(["roleName: app", "objects: |"] + objects.map { "  " + $0 })
    }

    private let prefix = "error: secretproviderclass/c: "
    private let warningPrefix = "warning: secretproviderclass/c: "

    // MARK: - The whole picture

    func testMultiDocumentFileReportsEachClassAtItsLines() {
        let file = [
            /*  1 */ "apiVersion: v1",
            /*  2 */ "kind: ConfigMap",
            /*  3 */ "metadata: {name: settings}",
            /*  4 */ "data:",
            /*  5 */ "  rolename: not-checked",
            /*  6 */ "---",
            /*  7 */ "apiVersion: secrets-store.csi.x-k8s.io/v1",
            /*  8 */ "kind: SecretProviderClass",
            /*  9 */ "metadata:",
            /* 10 */ "  name: good",
            /* 11 */ "spec:",
            /* 12 */ "  provider: vault",
            /* 13 */ "  parameters:",
            /* 14 */ "    roleName: app",
            /* 15 */ "    reuseLeases: \"false\"",
            /* 16 */ "    objects: |",
            /* 17 */ "      - objectName: a",
            /* 18 */ "        secretPath: secret/data/a",
            /* 19 */ "---",
            /* 20 */ "apiVersion: secrets-store.csi.x-k8s.io/v1alpha1",
            /* 21 */ "kind: SecretProviderClass",
            /* 22 */ "metadata:",
            /* 23 */ "  name: bad",
            /* 24 */ "spec:",
            /* 25 */ "  provider: azure",
            /* 26 */ "  parameters:",
            /* 27 */ "    rolename: app",
            /* 28 */ "    reuseLeases: true",
            /* 29 */ "    objects: |",
            /* 30 */ "      # comment lines count too",
            /* 31 */ "      - objectName: db",
            /* 32 */ "        secretPath: secret/data/db",
            /* 33 */ "        secretkey: password",
            /* 34 */ "        encoding: utf8",
            /* 35 */ "      - objectName: db",
            /* 36 */ "        secretPath: secret/data/db2",
            /* 37 */ "        objectVersion: \"1\"",
        ]
        let result = SecretProviderClassLinter.lint(file: "f.yaml", text: file.joined(separator: "\n"))
        XCTAssertEqual(result.classes, 2)
        XCTAssertEqual(result.errors, 5)
        XCTAssertEqual(result.warnings, 3)
        XCTAssertEqual(
            result.findings.map(\.description),
            [
                """
                f.yaml:25: error: secretproviderclass/bad: spec.provider: must be \"vault\" (or \"openbao\", the \
                OpenBao fork's socket), not \"azure\"
                """,
                "f.yaml:26: error: secretproviderclass/bad: missing 'roleName' in SecretProviderClass definition",
                """
                f.yaml:27: warning: secretproviderclass/bad: rolename: unknown parameter, ignored; did you mean \
                \"roleName\"?
                """,
                "f.yaml:28: error: secretproviderclass/bad: reuseLeases: must be a string; quote it (\"true\")",
                """
                f.yaml:33: warning: secretproviderclass/bad: objects: object \"db\": secretkey: unknown field, \
                ignored; did you mean \"secretKey\"?
                """,
                """
                f.yaml:34: error: secretproviderclass/bad: objects: object \"db\": encoding \"utf8\": invalid \
                encoding type. Should be utf-8, base64, or hex
                """,
                """
                f.yaml:35: error: secretproviderclass/bad: each `objectName` within a SecretProviderClass must be \
                unique, but the following keys were duplicated: db
                """,
                """
                f.yaml:37: warning: secretproviderclass/bad: objects: object \"db\": objectVersion: ignored, as by \
                HashiCorp's provider
                """,
            ])
    }

    func testOtherKindsAndAPIVersionsAreIgnored() {
        let result = SecretProviderClassLinter.lint(
            file: "f.yaml",
            text: """
                apiVersion: v1
                kind: ConfigMap
                data: {rolename: x}
                ---
                apiVersion: example.com/v1
                kind: SecretProviderClass
                spec: {provider: azure}
                ---
                - a list, not a manifest
                """)
        XCTAssertEqual(result, LintResult(classes: 0, findings: []))
    }

    func testAFileThatIsNotYAMLIsAnErrorAtItsLine() {
        XCTAssertEqual(
            lint(["apiVersion: v1", "kind: ConfigMap", "data: [unclosed", "next: line"]),
            ["f.yaml:4: error: not valid YAML: did not find expected ',' or ']'"])
        XCTAssertEqual(lint(["a: 1", "a: 2"]), ["f.yaml:1: error: not valid YAML: duplicated keys: a"])
        // A document before the broken one is still checked.
        XCTAssertEqual(
            lint(classLines(["roleName: app"]) + ["---", "key: \"unterminated"]),
            [
                "f.yaml:7: \(prefix)no secrets configured - the provider will not read any secret material",
                "f.yaml:11: error: not valid YAML: found unexpected end of stream",
            ])
    }

    // MARK: - spec.provider

    func testProviderMustBeVault() {
        let missing = [
            "apiVersion: secrets-store.csi.x-k8s.io/v1", "kind: SecretProviderClass", "metadata: {name: c}",
            "spec:", "  parameters:", "    roleName: app", "    objects: '[{objectName: a, secretPath: b}]'",
        ]
        XCTAssertEqual(lint(missing), ["f.yaml:4: \(prefix)spec.provider: missing; must be \"vault\""])
        var wrong = missing
        wrong.insert("  provider: gcp", at: 4)
        XCTAssertEqual(
            lint(wrong),
            [
                """
                f.yaml:5: \(prefix)spec.provider: must be \"vault\" (or \"openbao\", the OpenBao fork's socket), \
                not \"gcp\"
                """
            ])
        wrong[4] = "  provider: vault"
        XCTAssertEqual(lint(wrong), [])
        wrong[4] = "  provider: openbao"
        XCTAssertEqual(lint(wrong), [], "the OpenBao fork's classes name its socket")
    }

    func testAClassWithoutSpecOrNameIsStillReported() {
        XCTAssertEqual(
            lint(["apiVersion: secrets-store.csi.x-k8s.io/v1", "kind: SecretProviderClass"]),
            [
                "f.yaml:1: error: secretproviderclass/(unnamed): spec.provider: missing; must be \"vault\"",
                "f.yaml:1: error: secretproviderclass/(unnamed): missing 'roleName' in SecretProviderClass definition",
                """
                f.yaml:1: error: secretproviderclass/(unnamed): no secrets configured - the provider will not read \
                any secret material
                """,
            ])
    }

    // MARK: - spec.parameters

    func testUnknownParametersAreWarningsWithSuggestions() {
        XCTAssertEqual(
            lint(
                objectLines(["- {objectName: a, secretPath: b}"]) + [
                    "    rolename: x", "    VAULTADDRESS: x", "    vaultAdress: x", "    reuseLease: \"true\"",
                    "    frobnicate: x",
                    "    csi.storage.k8s.io/pod.name: x",
                ]),
            [
                "f.yaml:11: \(warningPrefix)rolename: unknown parameter, ignored; did you mean \"roleName\"?",
                "f.yaml:12: \(warningPrefix)VAULTADDRESS: unknown parameter, ignored; did you mean \"vaultAddress\"?",
                "f.yaml:13: \(warningPrefix)vaultAdress: unknown parameter, ignored; did you mean \"vaultAddress\"?",
                "f.yaml:14: \(warningPrefix)reuseLease: unknown parameter, ignored; did you mean \"reuseLeases\"?",
                "f.yaml:15: \(warningPrefix)frobnicate: unknown parameter, ignored",
                """
                f.yaml:16: \(warningPrefix)csi.storage.k8s.io/pod.name: set by the driver on every mount; remove \
                it from the class
                """,
            ])
    }

    func testEveryKnownParameterIsAccepted() {
        let authMountNames = ParameterDialects.names("AuthMountPath")
        let parameters = KnownNames.classParameters.filter {
            $0 != AttributeKeys.objects && !authMountNames.contains($0)
        }
        .map { name -> String in
            switch name {
            case _ where name.hasSuffix("SkipTLSVerify"), AttributeKeys.reuseLeases: return "\(name): \"true\""
            case AttributeKeys.fileOwner, AttributeKeys.fileGroup: return "\(name): \"1000\""
            case _ where name.hasSuffix("AuthMethod"): return "\(name): kubernetes"
            default: return "\(name): value"
            }
        }
        // HashiCorp's 16, plus the OpenBao fork's bao* and openbao* names for 11 of them, plus vaultRoleName, plus
        // vaultAuthMethod and its two twins (ours).
        XCTAssertEqual(KnownNames.classParameters.count, 16 + 22 + 1 + 3)
        XCTAssertEqual(
            lint(
                classLines(
                    parameters + authMountNames.map { "\($0): \"\"" } + ["objects: '- {objectName: a, secretPath: b}'"])
            ), [])
    }

    /// The OpenBao fork's names are known (no warning, no suggestion); its rules hold across prefixes.
    func testTheOpenBaoForksParameterNames() {
        XCTAssertEqual(
            lint(
                classLines([
                    "roleName: app", "baoAddress: https://openbao:8200", "baoNamespace: team",
                    "baoCACertPath: /mnt/tls/ca.crt",
                    "baoTLSClientCertPath: /mnt/tls/client.crt", "baoTLSClientKeyPath: /mnt/tls/client.key",
                    "openbaoSkipTLSVerify: \"false\"",
                    "objects: '- {objectName: a, secretPath: secret/data/a, secretKey: b}'",
                ])), [])
        XCTAssertEqual(
            lint(classLines(["baoRoleName: app", "objects: '- {objectName: a, secretPath: b}'"])), [],
            "a prefixed role is a role")
        XCTAssertEqual(
            lint(
                classLines([
                    "roleName: app", "baoKubernetesMountPath: k8s", "vaultAuthMountPath: jwt",
                    "objects: '- {objectName: a, secretPath: b}'",
                ])),
            [
                "f.yaml:10: \(prefix)"
                    + "\(ConfigurationError.conflictingParameters("baoKubernetesMountPath", "vaultAuthMountPath"))"
            ])
        XCTAssertEqual(
            lint(
                classLines([
                    "roleName: app", "baoSkipTLSVerify: maybe", "objects: '- {objectName: a, secretPath: b}'",
                ])),
            ["f.yaml:9: \(prefix)baoSkipTLSVerify: \"maybe\" is not a boolean (use true or false)"])
    }

    func testParameterValuesMustBeStrings() {
        XCTAssertEqual(
            lint(
                objectLines(["- {objectName: a, secretPath: b}"]) + [
                    "    reuseLeases: true", "    vaultSkipTLSVerify: yes", "    fileOwner: 1000",
                    "    vaultNamespace:",
                    "    audience: [a]", "    vaultAddress: 'quoted is fine'", "    vaultTLSServerName: plain.is.fine",
                ]),
            [
                "f.yaml:11: \(prefix)reuseLeases: must be a string; quote it (\"true\")",
                "f.yaml:12: \(prefix)vaultSkipTLSVerify: must be a string; quote it (\"yes\")",
                "f.yaml:13: \(prefix)fileOwner: must be a string; quote it (\"1000\")",
                "f.yaml:14: \(prefix)vaultNamespace: must be a string; write \"\" for an empty value",
                "f.yaml:15: \(prefix)audience: must be a string",
            ])
        XCTAssertEqual(
            lint(classLines(["roleName: app", "objects:", "  - objectName: a"])),
            ["f.yaml:9: \(prefix)objects: must be a string; write the list as a block scalar (objects: |)"])
    }

    func testRoleNameAndObjectsAreRequired() {
        XCTAssertEqual(
            lint(classLines(["vaultAddress: https://vault:8200"])),
            [
                "f.yaml:7: \(prefix)missing 'roleName' in SecretProviderClass definition",
                "f.yaml:7: \(prefix)no secrets configured - the provider will not read any secret material",
            ])
        XCTAssertEqual(
            lint(classLines(["roleName: \"\"", "objects: '- {objectName: a, secretPath: b}'"])),
            ["f.yaml:8: \(prefix)missing 'roleName' in SecretProviderClass definition"])
        XCTAssertEqual(
            lint(classLines(["roleName: app", "objects: \"\""])),
            ["f.yaml:9: \(prefix)no secrets configured - the provider will not read any secret material"])
        XCTAssertEqual(
            lint(classLines(["roleName: app", "objects: '[]'"])),
            ["f.yaml:9: \(prefix)no secrets configured - the provider will not read any secret material"])
        XCTAssertEqual(
            lint(objectLines(["null"])),
            ["f.yaml:9: \(prefix)no secrets configured - the provider will not read any secret material"])
    }

    func testBooleanParametersUseGoSyntax() {
        XCTAssertEqual(
            lint(
                objectLines(["- {objectName: a, secretPath: b}"]) + [
                    "    reuseLeases: \"maybe\"", "    vaultSkipTLSVerify: \"T\"",
                ]), ["f.yaml:11: \(prefix)reuseLeases: \"maybe\" is not a boolean (use true or false)"])
        XCTAssertEqual(
            lint(objectLines(["- {objectName: a, secretPath: b}"]) + ["    vaultSkipTLSVerify: \"no\""]),
            ["f.yaml:11: \(prefix)vaultSkipTLSVerify: \"no\" is not a boolean (use true or false)"])
    }

    func testBothAuthMountPathsConflict() {
        XCTAssertEqual(
            lint(
                objectLines(["- {objectName: a, secretPath: b}"]) + [
                    "    vaultAuthMountPath: jwt", "    vaultKubernetesMountPath: kubernetes",
                ]),
            ["f.yaml:12: \(prefix)vaultKubernetesMountPath and vaultAuthMountPath are both set; set only one of them"])
    }

    func testClassFileOwnerAndGroupAreNumericIDs() {
        XCTAssertEqual(
            lint(
                objectLines(["- {objectName: a, secretPath: b}"]) + [
                    "    fileOwner: \"-1\"", "    fileGroup: \"wheel\"",
                ]),
            [
                "f.yaml:11: \(prefix)fileOwner: \"-1\" is not a numeric id such as 1000",
                "f.yaml:12: \(prefix)fileGroup: \"wheel\" is not a numeric id such as 1000",
            ])
        XCTAssertEqual(
            lint(
                objectLines(["- {objectName: a, secretPath: b}"]) + [
                    "    fileOwner: \"0\"", "    fileGroup: \"65534\"",
                ]), [])
    }

    // MARK: - objects: the list

    func testObjectsYAMLErrorsAreAtTheirFileLine() {
        XCTAssertEqual(
            lint(objectLines(["- objectName: a", "  secretPath: b: c"])),
            ["f.yaml:11: \(prefix)objects: mapping values are not allowed in this context"])
        // A single-line (quoted) block has no line of its own: the key's line.
        XCTAssertEqual(
            lint(classLines(["roleName: app", "objects: \"- a: b\\n  c: d: e\""])),
            ["f.yaml:9: \(prefix)objects: mapping values are not allowed in this context"])
    }

    func testObjectsMustBeAList() {
        XCTAssertEqual(
            lint(objectLines(["objectName: a", "secretPath: b"])),
            ["f.yaml:10: \(prefix)objects: expected a list of objects"])
        XCTAssertEqual(
            lint(objectLines(["- objectName: a", "  secretPath: b", "- just text"])),
            ["f.yaml:12: \(prefix)objects: objects[1] must be a mapping of fields"])
    }

    func testTooManyObjects() {
        let objects = (0...Limits.maxObjects).map { "- {objectName: o\($0), secretPath: p}" }
        XCTAssertEqual(
            lint(objectLines(objects)),
            ["f.yaml:9: \(prefix)objects: 1001 objects configured, at most 1000 are allowed"])
        XCTAssertEqual(lint(objectLines(Array(objects.dropFirst()))), [])
    }

    func testAnchorsAndDeepNestingAreRefused() {
        XCTAssertEqual(
            lint(objectLines(["- &first {objectName: a, secretPath: b}", "- *first"])),
            ["f.yaml:10: \(prefix)objects: anchors and aliases are not allowed"])
        let deep =
            String(repeating: "[", count: Limits.maxYAMLDepth) + String(repeating: "]", count: Limits.maxYAMLDepth)
        XCTAssertEqual(
            lint(objectLines(["- objectName: a", "  secretPath: b", "  secretArgs: {x: \(deep)}"])),
            ["f.yaml:12: \(prefix)objects: nested deeper than 64 levels"])
    }

    // MARK: - objects: each entry

    func testRequiredObjectFields() {
        XCTAssertEqual(
            lint(objectLines(["- secretPath: a", "- objectName: b", "- objectName: [c]", "  secretPath: d"])),
            [
                "f.yaml:10: \(prefix)objects: objects[0]: objectName: is required",
                "f.yaml:11: \(prefix)objects: object \"b\": secretPath: is required",
                "f.yaml:12: \(prefix)objects: objects[2]: objectName: expected a string",
            ])
    }

    func testUnknownObjectFieldsAreWarnings() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- objectName: a", "  secretPath: b", "  secretkey: c", "  filePermissions: 0600",
                    "  objectVersion: v1", "  colour: red",
                ])),
            [
                """
                f.yaml:12: \(warningPrefix)objects: object \"a\": secretkey: unknown field, ignored; did you mean \
                \"secretKey\"?
                """,
                """
                f.yaml:13: \(warningPrefix)objects: object \"a\": filePermissions: unknown field, ignored; did you \
                mean \"filePermission\"?
                """,
                "f.yaml:14: \(warningPrefix)objects: object \"a\": objectVersion: ignored, as by HashiCorp's provider",
                "f.yaml:15: \(warningPrefix)objects: object \"a\": colour: unknown field, ignored",
            ])
    }

    func testObjectNameMustBeACleanRelativePath() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: /etc/passwd, secretPath: a}", "- {objectName: a/../b, secretPath: a}",
                    "- {objectName: tls/ca.crt, secretPath: a}",
                ])),
            [
                "f.yaml:10: \(prefix)objects: object \"/etc/passwd\": objectName: the path must be relative",
                "f.yaml:11: \(prefix)objects: object \"a/../b\": objectName: the path must not contain a '..' element",
            ])
    }

    func testDuplicateObjectNamesAreReportedAtTheRepeat() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: a, secretPath: p}", "- {objectName: b, secretPath: p}",
                    "- {objectName: a, secretPath: q}",
                    "- {objectName: b, secretPath: q}",
                ])),
            [
                """
                f.yaml:12: \(prefix)each `objectName` within a SecretProviderClass must be unique, but the \
                following keys were duplicated: a
                """,
                """
                f.yaml:13: \(prefix)each `objectName` within a SecretProviderClass must be unique, but the \
                following keys were duplicated: b
                """,
            ])
    }

    func testEncodingMethodAndSecretArgs() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- objectName: a", "  secretPath: p", "  encoding: BASE64", "  method: put",
                    "  secretArgs: {ttl: 1h}",
                    "- objectName: b", "  secretPath: p", "  encoding: base32", "  method: GET2", "  secretArgs: [ttl]",
                ])),
            [
                """
                f.yaml:17: \(prefix)objects: object \"b\": encoding \"base32\": invalid encoding type. Should be \
                utf-8, base64, or hex
                """,
                "f.yaml:18: \(prefix)objects: object \"b\": method: \"GET2\" is not an HTTP method",
                "f.yaml:19: \(prefix)objects: object \"b\": secretArgs: expected a mapping",
            ])
    }

    /// What the checks above miss, the mount's own parser still reports, at its line.
    func testTheMountsParserHasTheLastWord() {
        XCTAssertEqual(
            lint(
                objectLines(["- objectName: a", "  secretPath: p", "  secretArgs:", "    ? [list, key]", "    : value"])
            ),
            ["f.yaml:13: \(prefix)objects: mapping keys must be strings"])
    }

    func testFilePermission() {
        let permission = "expected a file mode such as 0640 (octal) or 416 (decimal), at most 0777"
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: a, secretPath: p, filePermission: 0640}",
                    "- {objectName: b, secretPath: p, filePermission: 416}",
                    "- {objectName: c, secretPath: p, filePermission: 0o600}",
                    "- {objectName: d, secretPath: p, filePermission: \"0640\"}",
                    "- {objectName: e, secretPath: p, filePermission: 01000}",
                    "- {objectName: f, secretPath: p, filePermission: rw}",
                ])),
            [
                "f.yaml:13: \(prefix)objects: object \"d\": filePermission: \(permission)",
                "f.yaml:14: \(prefix)objects: object \"e\": filePermission: \(permission)",
                "f.yaml:15: \(prefix)objects: object \"f\": filePermission: \(permission)",
            ])
    }

    func testSecretKeyJSONPointer() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: a, secretPath: p, secretKey: /db/pass~1word~0}",
                    "- {objectName: b, secretPath: p, secretKey: /db/~2}",
                    "- {objectName: c, secretPath: p, secretKey: a~b}",
                ])),
            [
                """
                f.yaml:11: \(prefix)objects: object \"b\": secretKey: \"/db/~2\" is not a valid JSON Pointer: a ~ \
                must be followed by 0 or 1 (~0 is ~, ~1 is /)
                """
            ])
    }

    func testAuthMethods() {
        XCTAssertEqual(
            lint(classLines(["vaultAuthMethod: approle", "objects: '- {objectName: a, secretPath: b}'"])),
            [
                """
                f.yaml:8: \(warningPrefix)vaultAuthMethod: approle logs in with the keys role_id and secret_id of the \
                volume's nodePublishSecretRef Secret: the provider must run with -allow-node-publish-secret-auth \
                (Helm value allowNodePublishSecretAuth), else the mount is PERMISSION_DENIED
                """
            ])
        XCTAssertEqual(
            lint(classLines(["roleName: r", "baoAuthMethod: ldap", "objects: '- {objectName: a, secretPath: b}'"])),
            [
                """
                f.yaml:9: \(prefix)baoAuthMethod: "ldap" is not an auth method: use kubernetes, jwt, approle, \
                userpass or cert
                """
            ])
        XCTAssertEqual(
            lint(classLines(["roleName: r", "vaultAuthMethod: jwt", "objects: '- {objectName: a, secretPath: b}'"])),
            [])
    }

    func testOptionalObjects() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: a, secretPath: p, optional: true}",
                    "- {objectName: b, secretPath: p2, secretKey: k}",
                    "- {objectName: c, secretPath: q, optional: true}",
                    "- {objectName: d, secretPath: q, secretKey: k, optional: true}",
                    "- {objectName: e, secretPath: r, optional: perhaps}",
                ])),
            [
                "f.yaml:14: \(prefix)objects: object \"e\": optional: expected true or false"
            ])
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: a, secretPath: p, optional: true}",
                    "- {objectName: b, secretPath: p, secretKey: k}",
                    "- {objectName: c, secretPath: p, method: PUT, optional: true}",
                ])),
            [
                """
                f.yaml:10: \(warningPrefix)objects: object "a": optional: has no effect: object "b" reads the same \
                secret and is not optional, so a 404 still fails the Mount
                """
            ])
    }

    func testObjectFileOwnerAndGroup() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- {objectName: a, secretPath: p, fileOwner: 1000, fileGroup: \"0\"}",
                    "- {objectName: b, secretPath: p, fileOwner: -1}",
                    "- {objectName: c, secretPath: p, fileGroup: root}",
                ])),
            [
                "f.yaml:11: \(prefix)objects: object \"b\": fileOwner: expected a numeric id such as 1000",
                "f.yaml:12: \(prefix)objects: object \"c\": fileGroup: expected a numeric id such as 1000",
            ])
    }

    func testTemplateSyntaxIsReportedAtTheTemplatesOwnLine() {
        XCTAssertEqual(
            lint(
                objectLines([
                    /* 10 */ "- objectName: config.ini",
                    /* 11 */ "  secretPath: secret/data/app",
                    /* 12 */ "  template: |",
                    /* 13 */ "    [db]",
                    /* 14 */ "    user = {{username}}",
                    /* 15 */ "    {{#list}} {{/other}}",
                    /* 16 */ "- objectName: one-line",
                    /* 17 */ "  secretPath: secret/data/app",
                    /* 18 */ "  template: \"{{#open}} x\"",
                    /* 19 */ "- objectName: unclosed",
                    /* 20 */ "  secretPath: secret/data/app",
                    /* 21 */ "  template: |",
                    /* 22 */ "    {{#admin}}",
                    /* 23 */ "    ADMIN=1",
                    /* 24 */ "- {objectName: last, secretPath: p}",
                ])),
            [
                """
                f.yaml:15: \(prefix)objects: object \"config.ini\": template: line 3, column 14: a section is \
                closed with another name than it was opened with
                """,
                """
                f.yaml:18: \(prefix)objects: object \"one-line\": template: line 1, column 12: a section is never \
                closed
                """,
                // Found past the template's end (its line 3): reported at its last line.
                """
                f.yaml:23: \(prefix)objects: object \"unclosed\": template: line 3, column 1: a section is never \
                closed
                """,
            ])
    }

    func testTemplateExcludesSecretKeyAndEncoding() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- objectName: a", "  secretPath: p", "  template: '{{password}}'", "  secretKey: password",
                    "  encoding: base64",
                    "- objectName: b", "  secretPath: p", "  secretKey: \"*\"", "  template: '{{.}}'",
                    "- {objectName: c, secretPath: p, secretKey: \"*\"}",
                ])),
            [
                """
                f.yaml:13: \(prefix)objects: object \"a\": template: cannot be combined with secretKey: the \
                template selects the keys
                """,
                """
                f.yaml:14: \(prefix)objects: object \"a\": template: cannot be combined with encoding: the \
                template's output is written as is
                """,
                """
                f.yaml:17: \(prefix)objects: object \"b\": template: cannot be combined with secretKey: the \
                template selects the keys
                """,
            ])
    }

    func testFormatIsCheckedAtItsLines() {
        XCTAssertEqual(
            lint(
                objectLines([
                    /* 10 */ "- objectName: a", "  secretPath: p", "  format: toml",
                    /* 13 */ "- objectName: b", "  secretPath: p", "  format: env", "  secretKey: password",
                    /* 17 */ "- {objectName: c, secretPath: p, format: json}",
                ])),
            [
                "f.yaml:12: \(prefix)objects: object \"a\": format: \"toml\" is not a format: use json or env",
                """
                f.yaml:16: \(prefix)objects: object \"b\": format: cannot be combined with secretKey: the format \
                writes every key, as stored
                """,
            ])
    }

    func testAValidClassHasNoFindings() {
        XCTAssertEqual(
            lint(
                objectLines([
                    "- objectName: tls/ca.crt", "  secretPath: pki/issue/web", "  method: PUT",
                    "  secretArgs: {common_name: a.example.com}",
                    "  secretKey: /data/issuing_ca", "  filePermission: 0600", "  fileOwner: 1000", "  fileGroup: 1000",
                    "- objectName: app.env", "  secretPath: secret/data/app", "  template: |", "    USER={{username}}",
                ])), [])
    }

    // MARK: - Pieces

    func testSuggestionIsCaseInsensitiveAndBounded() {
        XCTAssertEqual(Suggestion.editDistance(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(Suggestion.editDistance([], Array("abc")), 3)
        XCTAssertEqual(Suggestion.closest(to: "ROLENAME", among: KnownNames.classParameters), "roleName")
        XCTAssertEqual(Suggestion.closest(to: "vaultCaCertPth", among: KnownNames.classParameters), "vaultCACertPath")
        XCTAssertNil(Suggestion.closest(to: "vaultCA", among: KnownNames.classParameters))
        XCTAssertEqual(
            Suggestion.hint(for: "secretPth", among: KnownNames.objectFields), "; did you mean \"secretPath\"?")
        XCTAssertEqual(Suggestion.hint(for: "zzzzzzzz", among: KnownNames.objectFields), "")
    }

    func testLineMap() {
        let exact = LineMap(firstLine: 10, exact: true)
        XCTAssertEqual(exact.fileLine(1), 10)
        XCTAssertEqual(exact.fileLine(4), 13)
        XCTAssertEqual(exact.fileLine(nil), 10)
        XCTAssertEqual(LineMap(firstLine: 7, exact: false).fileLine(4), 7)
    }
}

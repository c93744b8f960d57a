import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import SecretsProvider
import XCTest

/// Hostile and broken MountRequests through the socket: each is refused with the fitting status and a message that
/// names the field; nothing is written, and the provider keeps serving.
final class BadInputTests: ProviderTestCase {
    override func setUp() async throws {
        try await super.setUp()
        await provider.stop()
        provider = try await startProvider(writeMode: .provider)
    }

    /// The attributes of a good class with `change` applied to its parameters.
    private func attributes(_ change: (inout [String: String]) -> Void) throws -> String {
        var parameters =
            try JSONSerialization.jsonObject(with: Data(attributes(Self.appObjects).utf8)) as! [String: String]
        change(&parameters)
        return String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
    }

    private func objects(_ yaml: String) throws -> String {
        try attributes { $0["objects"] = yaml }
    }

    func testEveryBadRequestIsRefusedNamingTheFieldAndNothingChanges() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let before = try snapshot(target)

        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let tooMany = (0...Limits.maxObjects).map { "- {objectName: o\($0), secretPath: secret/data/app}" }.joined(
            separator: "\n")
        let catalogue: [(name: String, attributes: String, permission: String, code: RPCError.Code, mentions: String)] =
            [
                ("not JSON", "{roleName: app", "420", .invalidArgument, "attributes"),
                ("a JSON array", #"["roleName", "app"]"#, "420", .invalidArgument, "attributes"),
                (
                    "a number where a string goes", #"{"roleName": 5, "objects": "- {objectName: a, secretPath: p}"}"#,
                    "420", .invalidArgument, "attributes"
                ),
                (
                    "larger than 1 MiB",
                    try attributes { $0["padding"] = String(repeating: "x", count: Limits.maxAttributesBytes) }, "420",
                    .invalidArgument, "attributes"
                ),
                ("objects not a list", try objects("objectName: a\nsecretPath: p"), "420", .invalidArgument, "objects"),
                (
                    "objects nested too deep",
                    try objects("- {objectName: a, secretPath: p, secretArgs: {x: \(deep)}}"), "420",
                    .invalidArgument, "nested deeper than 64"
                ),
                (
                    "an alias", try objects("- &a {objectName: a, secretPath: p}\n- *a"), "420", .invalidArgument,
                    "aliases"
                ),
                ("too many objects", try objects(tooMany), "420", .invalidArgument, "at most \(Limits.maxObjects)"),
                (
                    "a NUL in a name", try objects("- {objectName: \"a\\0b\", secretPath: p}"), "420", .invalidArgument,
                    "objectName"
                ),
                (
                    "a newline in a name", try objects("- {objectName: \"a\\nb\", secretPath: p}"), "420",
                    .invalidArgument, "control character"
                ),
                (
                    "an escape sequence in a name", try objects("- {objectName: \"\\e[31mred\", secretPath: p}"), "420",
                    .invalidArgument, "control character"
                ),
                (
                    "an absolute name", try objects("- {objectName: /etc/passwd, secretPath: p}"), "420",
                    .invalidArgument, "objectName"
                ),
                (
                    "an empty name", try objects("- {objectName: \"\", secretPath: p}"), "420", .invalidArgument,
                    "objectName"
                ),
                (
                    "a .. name", try objects("- {objectName: ../../x, secretPath: p}"), "420", .invalidArgument,
                    "objectName"
                ),
                (
                    "an over-long name",
                    try objects("- {objectName: \(String(repeating: "n", count: 300)), secretPath: p}"), "420",
                    .invalidArgument, "objectName"
                ),
                (
                    "a malformed token map",
                    try attributes { $0[AttributeKeys.serviceAccountTokens] = "{\"vault\": 7" }, "420",
                    .invalidArgument, "serviceAccount.tokens"
                ),
                (
                    "a permission that is not a number", try attributes(Self.appObjects), "rw-r--r--", .invalidArgument,
                    "permission"
                ),
                (
                    "a permission with setuid bits", try attributes(Self.appObjects), "\(0o4755)", .invalidArgument,
                    "permission"
                ),
                (
                    "a filePermission with setuid bits",
                    try objects("- {objectName: a, secretPath: p, filePermission: 04755}"), "420",
                    .invalidArgument, "filePermission"
                ),
                (
                    "a filePermission that is not a number",
                    try objects("- {objectName: a, secretPath: p, filePermission: rw}"), "420",
                    .invalidArgument, "filePermission"
                ),
                (
                    "an unknown encoding", try objects("- {objectName: a, secretPath: p, encoding: rot13}"), "420",
                    .invalidArgument, "encoding"
                ),
            ]
        for bad in catalogue {
            do {
                _ = try await provider.driver.mount(
                    attributes: bad.attributes, targetPath: target, permission: bad.permission)
                XCTFail("\(bad.name): accepted")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, bad.code, "\(bad.name): \(error.message)")
                XCTAssertTrue(error.message.contains(bad.mentions), "\(bad.name): \(error.message)")
                XCTAssertLessThan(error.message.count, 2000, "\(bad.name): the message stays short")
            }
        }
        XCTAssertEqual(try snapshot(target), before, "the volume is untouched")
        let version = try await provider.driver.version().version
        XCTAssertEqual(version, "v1alpha1", "still serving")
    }

    /// `-allowed-vault-addresses` and `-allowed-audiences`: a class sending its pods' identity elsewhere is refused
    /// before any token is posted; the allowed ones mount as before.
    func testClassesOutsideTheAllowedAddressesAndAudiencesArePermissionDenied() async throws {
        await provider.stop()
        let address = environment.bao.address
        provider = try await ProviderHarness { kubelet in
            var settings = ProviderSettings(
                vault: VaultSettings(address: address), writeMode: .provider, kubeletDirectory: kubelet)
            settings.allowedVaultAddresses = [address]
            settings.allowedAudiences = ["vault"]
            return settings
        }
        let target = try provider.targetPath(podUID: environment.pod.uid)
        let reviews = environment.kubernetes.tokenReviewCount
        for (parameters, message) in [
            (
                ["vaultAddress": "http://127.0.0.2:\(address.split(separator: ":").last!)"],
                """
                vaultAddress \"http://127.0.0.2:\(address.split(separator: ":").last!)\" is not allowed by \
                -allowed-vault-addresses (\(address))
                """
            ),
            (["vaultAddress": address + ".evil.io"], "is not allowed by -allowed-vault-addresses"),
            (
                ["audience": "https://elsewhere"],
                #"audience "https://elsewhere" is not allowed by -allowed-audiences (vault)"#
            ),
        ] {
            do {
                _ = try await provider.driver.mount(
                    attributes: attributes(Self.appObjects, parameters), targetPath: target)
                XCTFail("accepted: \(parameters)")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .permissionDenied, error.message)
                XCTAssertTrue(error.message.contains(message), error.message)
            }
        }
        XCTAssertEqual(environment.kubernetes.tokenReviewCount, reviews, "no login was attempted")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [])
        _ = try await provider.driver.mount(
            attributes: attributes(Self.appObjects, ["vaultAddress": address + "/", "audience": "vault"]),
            targetPath: target)
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
    }

    /// One big secret read through distinct query strings: the Mount's Vault answers pass 16 MiB (`-max-mount-bytes`)
    /// long before any file is rendered. RESOURCE_EXHAUSTED names the object, nothing is written, the provider serves
    /// on.
    func testVaultAnswersPastTheMountsByteBudgetAreRefused() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let before = try snapshot(target)
        var secret = DemoEnvironment.appSecret
        secret["bulk"] = String(repeating: "0123456789abcdef", count: (3 << 20) / 16)
        try await VaultTestSetup.putKV2(environment.bao, path: "app", data: secret)
        let objects = (0..<6).map {
            "- {objectName: o\($0), secretPath: 'secret/data/app?x=\($0)', secretKey: username}"
        }
        .joined(separator: "\n")
        do {
            _ = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
            XCTFail("accepted")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .resourceExhausted, error.message)
            XCTAssertTrue(error.message.hasPrefix(#"couldn't read secret "o"#), error.message)
            XCTAssertTrue(
                error.message.contains("add up to more than 16777216 bytes (-max-mount-bytes)"), error.message)
        }
        XCTAssertEqual(try snapshot(target), before, "the volume is untouched")
        let five = (0..<5).map { "- {objectName: o\($0), secretPath: 'secret/data/app?x=\($0)', secretKey: username}" }
            .joined(separator: "\n")
        let response = try await provider.driver.mount(attributes: attributes(five), targetPath: target)
        XCTAssertEqual(response.files.count, 0, "15 MiB of answers fit; the provider wrote the five small files")
        XCTAssertEqual(readText(target + "/o4"), DemoEnvironment.appSecret["username"])
    }

    /// Vault may hold more than a volume should: one file over 1 MiB, or files adding up to over 3.5 MiB (under the
    /// driver's 4 MiB gRPC limit), are refused before anything is written.
    func testOversizedSecretsAreRefusedAndNothingIsWritten() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let before = try snapshot(target)
        let pattern = "0123456789abcdef"
        var secret = DemoEnvironment.appSecret
        secret["big"] = String(repeating: pattern, count: Limits.maxFileBytes / pattern.count) + "!"
        secret["part"] = String(repeating: pattern, count: 900 * 1024 / pattern.count)
        try await VaultTestSetup.putKV2(environment.bao, path: "app", data: secret)

        let parts = (1...4).map { "- {objectName: part\($0), secretPath: secret/data/app, secretKey: part}" }.joined(
            separator: "\n")
        let cases: [(objects: String, mentions: String)] = [
            (
                Self.appObjects + "\n- {objectName: big, secretPath: secret/data/app, secretKey: big}",
                #"""
                secret "big": the file is \#(Limits.maxFileBytes + 1) bytes, more than the \#
                \#(Limits.maxFileBytes)-byte limit
                """#
            ),
            (Self.appObjects + "\n" + parts, "add up to more than \(Limits.maxMountBytes) bytes"),
        ]
        for (objects, mentions) in cases {
            do {
                _ = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
                XCTFail("accepted: \(mentions)")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .invalidArgument, error.message)
                XCTAssertTrue(error.message.contains(mentions), error.message)
            }
            XCTAssertEqual(try snapshot(target), before, "the volume is untouched")
        }
    }
}

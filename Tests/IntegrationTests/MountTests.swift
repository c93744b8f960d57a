import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderServer
import ProviderTestSupport
import SecretsProvider
import XCTest

/// Mounts against a real OpenBao, driven through the provider's real socket.
final class MountTests: ProviderTestCase {
    func testVersion() async throws {
        let version = try await provider.driver.version()
        XCTAssertEqual(version.version, "v1alpha1")
        XCTAssertEqual(version.runtimeName, "vault-csi-provider")
        XCTAssertEqual(version.runtimeVersion, BuildInfo.version)
    }

    func testDriverModeReturnsFilesModesAndVersions() async throws {
        try await VaultTestSetup.enableKV1(environment.bao, mount: "kv1")
        try await VaultTestSetup.putKV1(
            environment.bao, mount: "kv1", path: "blob", data: ["b64": "aGVsbG8gd29ybGQ=", "hex": "cafe"])
        let objects =
            Self.appObjects + """

                - objectName: tls/blob.txt
                  secretPath: kv1/blob
                  secretKey: b64
                  encoding: base64
                - objectName: hex.bin
                  secretPath: kv1/blob
                  secretKey: hex
                  encoding: hex
                  filePermission: 416
                - objectName: whole.json
                  secretPath: secret/data/config
                """
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(
            attributes: attributes(objects), targetPath: target, permission: "292")
        let files = Dictionary(uniqueKeysWithValues: response.files.map { ($0.path, $0) })
        XCTAssertEqual(files.keys.sorted(), ["hex.bin", "password", "tls/blob.txt", "username", "whole.json"])
        XCTAssertEqual(files["username"]?.contents, Data("demo-user".utf8))
        XCTAssertEqual(files["username"]?.mode, 0o444, "the request's permission is the default mode")
        XCTAssertEqual(files["password"]?.contents, Data(DemoEnvironment.appSecret["password"]!.utf8))
        XCTAssertEqual(files["password"]?.mode, 0o600)
        XCTAssertEqual(files["tls/blob.txt"]?.contents, Data("hello world".utf8))
        XCTAssertEqual(files["hex.bin"]?.contents, Data([0xCA, 0xFE]))
        XCTAssertEqual(files["hex.bin"]?.mode, 416)
        let whole = try JSONSerialization.jsonObject(with: files["whole.json"]!.contents) as? [String: Any]
        XCTAssertEqual(
            ((whole?["data"] as? [String: Any])?["data"] as? [String: String])?["api_url"], "https://api.example.com")
        XCTAssertEqual(
            response.objectVersion.map(\.id), ["username", "password", "tls/blob.txt", "hex.bin", "whole.json"])
        XCTAssertTrue(response.objectVersion.allSatisfy { $0.version.count == 43 })
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "driver mode writes nothing")
    }

    func testProviderModeWritesAtomicallyAndSkipsUnchangedContent() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        let first = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertTrue(first.files.isEmpty)
        XCTAssertEqual(readText(target + "/password"), DemoEnvironment.appSecret["password"])
        XCTAssertEqual(fileMode(target + "/password"), 0o600)
        XCTAssertEqual(fileMode(target + "/username"), 0o644)
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: target + "/username"), "..data/username")
        let payload = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data")

        let again = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data"), payload,
            "unchanged content is not rewritten")
        XCTAssertEqual(again.objectVersion.map(\.version), first.objectVersion.map(\.version))

        try await VaultTestSetup.putKV2(
            environment.bao, path: "app", data: ["username": "demo-user", "password": "rotated"])
        let rotated = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertNotEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data"), payload)
        XCTAssertEqual(readText(target + "/password"), "rotated")
        XCTAssertEqual(rotated.objectVersion[0].version, first.objectVersion[0].version, "username did not change")
        XCTAssertNotEqual(rotated.objectVersion[1].version, first.objectVersion[1].version)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: target).filter { $0.hasPrefix("..2") }.count, 1,
            "the old payload is removed")
    }

    /// Vault's whole response carries a `request_id` that changes on every read; without it, an unchanged secret
    /// keeps its bytes, its version and its volume (HashiCorp's provider issue #474).
    func testWholeResponseObjectIsStableAcrossPolls() async throws {
        let objects = """
            - objectName: whole.json
              secretPath: secret/data/config
            """
        let target = try provider.targetPath(podUID: environment.pod.uid)
        let first = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
        let payload = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data")
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: target + "/whole.json"))
        let modified =
            try FileManager.default.attributesOfItem(atPath: target + "/" + payload)[.modificationDate] as? Date
        XCTAssertFalse(String(decoding: bytes, as: UTF8.self).contains("request_id"))
        XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("\"lease_id\""), "the rest of the envelope stays")

        let second = try await provider.driver.mount(attributes: attributes(objects), targetPath: target)
        XCTAssertEqual(second.objectVersion.map(\.version), first.objectVersion.map(\.version))
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data"), payload,
            "the volume is untouched")
        XCTAssertEqual(FileManager.default.contents(atPath: target + "/whole.json"), bytes)
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: target + "/" + payload)[.modificationDate] as? Date,
            modified)

        let driverFirst = try await provider.driver.mount(
            attributes: attributes(objects), targetPath: target + "-absent")
        let driverSecond = try await provider.driver.mount(
            attributes: attributes(objects), targetPath: target + "-absent")
        XCTAssertEqual(
            driverFirst.files.map(\.contents), driverSecond.files.map(\.contents), "byte-identical in driver mode too")
    }

    func testFailuresLeaveTheVolumeUntouched() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        let before = try snapshot(target)
        let broken: [(String, [String: String], RPCError.Code, String)] = [
            (
                Self.appObjects + "\n- {objectName: gone, secretPath: secret/data/app, secretKey: nope}", [:],
                .notFound,
                #"couldn't read secret "gone": {secret/data/app}: {key "nope" does not exist at the secret path}"#
            ),
            (
                Self.appObjects + "\n- {objectName: denied, secretPath: secret/data/other}", [:], .permissionDenied,
                #"""
                couldn't read secret "denied": Error making API request. URL: GET \#
                \#(environment.bao.address)/v1/secret/data/other Code: 403. Errors: * 1 error occurred: * \#
                permission denied
                """#
            ),
            ("- objectName: a\n  secretPath: p\n  secretKey: x: y", [:], .invalidArgument, "objects: line 3: "),
            (
                Self.appObjects, ["roleName": ""], .invalidArgument,
                "missing 'roleName' in SecretProviderClass definition"
            ),
            ("[]", [:], .invalidArgument, "no secrets configured - the provider will not read any secret material"),
            (
                "- {objectName: a, secretPath: p}\n- {objectName: a, secretPath: q}", [:], .invalidArgument,
                """
                each `objectName` within a SecretProviderClass must be unique, but the following keys were \
                duplicated: a
                """
            ),
            (
                "- {objectName: a, secretPath: p, encoding: utf-16}", [:], .invalidArgument,
                "invalid encoding type. Should be utf-8, base64, or hex"
            ),
            ("- {objectName: ../escape, secretPath: p}", [:], .invalidArgument, "objectName"),
            (Self.appObjects, ["roleName": "no-such-role"], .invalidArgument, #"failed to login: "#),
        ]
        for (objects, extra, code, text) in broken {
            do {
                _ = try await provider.driver.mount(attributes: attributes(objects, extra), targetPath: target)
                XCTFail("expected \(code) for \(objects)")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, code, error.message)
                XCTAssertTrue(error.message.contains(text), "\(error.message) does not contain \(text)")
            }
            XCTAssertEqual(try snapshot(target), before, "nothing may change after: \(text)")
        }
    }

    func testVaultRefusalReachesThePodVerbatim() async throws {
        let stranger = environment.podToken(serviceAccount: "intruder")
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(Self.appObjects, token: stranger), targetPath: target)
            XCTFail("the login must be refused")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .permissionDenied)
            XCTAssertTrue(
                error.message.hasPrefix(#"couldn't read secret "username": failed to login: "#), error.message)
            XCTAssertTrue(error.message.contains("Code: 403"), error.message)
            XCTAssertTrue(error.message.contains("service account name not authorized"), error.message)
            XCTAssertFalse(error.message.contains(stranger), "the token never appears in errors")
        }
    }

    func testMissingTokenIsAFailedPrecondition() async throws {
        var parameters =
            try JSONSerialization.jsonObject(with: Data(attributes(Self.appObjects).utf8)) as! [String: String]
        parameters.removeValue(forKey: AttributeKeys.serviceAccountTokens)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        do {
            _ = try await provider.driver.mount(
                attributes: json, targetPath: try provider.targetPath(podUID: "x", create: false))
            XCTFail("expected an error")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .failedPrecondition)
            XCTAssertTrue(
                error.message.hasPrefix(#"no service account token for audience "vault" and TokenRequest failed: "#),
                error.message)
        }
    }

    func testTargetOutsideKubeletPodsIsRefused() async throws {
        let outside = provider.workDirectory + "/elsewhere"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        // A symlink inside pods/ that points outside is refused too.
        try FileManager.default.createDirectory(
            atPath: provider.kubeletDirectory + "/pods/p1", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: provider.kubeletDirectory + "/pods/p1/mount", withDestinationPath: outside)
        for target in [outside, provider.kubeletDirectory + "/pods/p1/mount"] {
            do {
                _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
                XCTFail("expected a refusal for \(target)")
            } catch let error as RPCError {
                XCTAssertEqual(error.code, .invalidArgument)
                XCTAssertTrue(error.message.contains("refusing to write there"), error.message)
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
    }

    func testLogsAtTraceLevelHoldNoSecretsOrTokens() async throws {
        let token = environment.podToken()
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects, token: token), targetPath: target)
        _ = try? await provider.driver.mount(
            attributes: attributes(
                Self.appObjects + "\n- {objectName: x, secretPath: secret/data/app, secretKey: nope}", token: token),
            targetPath: target)
        _ = try? await provider.driver.mount(
            attributes: attributes(Self.appObjects, token: environment.podToken(serviceAccount: "intruder")),
            targetPath: target)
        let logs = provider.logs.text
        XCTAssertTrue(logs.contains("mount succeeded"), logs)
        // Every outcome line names the pod, failures included.
        let outcomes = logs.split(separator: "\n").filter {
            $0.contains("mount succeeded") || $0.contains("mount failed")
        }
        XCTAssertEqual(outcomes.count, 3, logs)
        XCTAssertTrue(
            outcomes.allSatisfy { $0.contains(#""pod": web-0"#) && $0.contains(#""namespace": default"#) },
            "\(outcomes)")
        XCTAssertTrue(logs.contains("vault request"), "trace logs include the requests: \(logs)")
        // The retry budget comes from the caller's grpc-timeout (30 s here), not from the 2-minute fallback.
        let budgets = logs.matches(of: /"budget_ms": (\d+)/).compactMap { Int($0.1) }
        XCTAssertFalse(budgets.isEmpty, logs)
        XCTAssertTrue(budgets.allSatisfy { (20_000...30_000).contains($0) }, "\(budgets)")
        for secret in DemoEnvironment.appSecret.values + [token] {
            XCTAssertFalse(logs.contains(secret), "a secret or token leaked into the logs")
        }
        XCTAssertNil(
            logs.range(of: #"\b(s|hvs)\.[A-Za-z0-9]{20,}"#, options: .regularExpression),
            "a Vault token leaked into the logs")
    }

}

import Foundation
import GRPCCore
import ProviderTestSupport
import SecretsProvider
import XCTest

/// How the provider talks to Vault: one request per distinct read, secretArgs in the identity, concurrency, failures.
/// Many objects and the concurrency bound are tested on the in-memory Vault, in
/// PipelineTests/ReadPlanPipelineTests.swift.
final class ReadPlanIntegrationTests: ProviderTestCase {
    func testOneVaultRequestPerDistinctPathMethodAndBody() async throws {
        try await environment.bao.admin(
            "POST", "/v1/sys/mounts/pki", body: #"{"type":"pki","config":{"max_lease_ttl":"24h"}}"#)
        try await environment.bao.admin(
            "POST", "/v1/pki/root/generate/internal", body: #"{"common_name":"demo-root","ttl":"24h"}"#)
        try await environment.bao.admin(
            "POST", "/v1/pki/roles/web",
            body: #"{"allowed_domains":"example.com","allow_subdomains":true,"max_ttl":"1h"}"#)
        let objects = """
            - {objectName: user, secretPath: secret/data/app, secretKey: username}
            - {objectName: pass, secretPath: v1/secret/data/app, secretKey: password}
            - {objectName: app.json, secretPath: /secret/data/app}
            - {objectName: url, secretPath: secret/data/config, secretKey: api_url}
            - objectName: a.crt
              secretPath: pki/issue/web
              method: PUT
              secretKey: certificate
              secretArgs: {common_name: a.example.com}
            - objectName: a.key
              secretPath: pki/issue/web
              method: PUT
              secretKey: private_key
              secretArgs: {common_name: a.example.com}
            - objectName: b.crt
              secretPath: pki/issue/web
              method: PUT
              secretKey: certificate
              secretArgs: {common_name: b.example.com}
            """
        let response = try await provider.driver.mount(
            attributes: attributes(objects),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        let files = Dictionary(uniqueKeysWithValues: response.files.map { ($0.path, $0.contents) })
        XCTAssertNotEqual(files["a.crt"], files["b.crt"], "different secretArgs are different requests")
        XCTAssertTrue(String(decoding: files["a.key"]!, as: UTF8.self).contains("PRIVATE KEY"))
        let mountPaths: Set = ["secret/data/app", "secret/data/config", "pki/issue/web"]
        let requests = environment.bao.auditedRequests().filter {
            mountPaths.contains($0.path) && $0.operation != "create"
        }
        XCTAssertEqual(requests.filter { $0 == ("read", "secret/data/app") }.count, 1, "\(requests)")
        XCTAssertEqual(requests.filter { $0 == ("read", "secret/data/config") }.count, 1, "\(requests)")
        XCTAssertEqual(requests.filter { $0 == ("update", "pki/issue/web") }.count, 2, "\(requests)")
        XCTAssertEqual(requests.count, 4, "\(requests)")
    }

    func testVersionedReadsUseTheQuery() async throws {
        try await VaultTestSetup.putKV2(environment.bao, path: "app", data: ["username": "second", "password": "p2"])
        let objects = """
            - {objectName: v1, secretPath: "secret/data/app?version=1", secretKey: username}
            - {objectName: v2, secretPath: "secret/data/app?version=2", secretKey: username}
            """
        let response = try await provider.driver.mount(
            attributes: attributes(objects),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(response.files.map { String(decoding: $0.contents, as: UTF8.self) }, ["demo-user", "second"])
    }

    func testUnreachableVaultIsUnavailable() async throws {
        await provider.stop()
        provider = try await startProvider(address: "http://127.0.0.1:1")
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(Self.appObjects),
                targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
            XCTFail("expected UNAVAILABLE")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .unavailable, error.message)
            XCTAssertTrue(error.message.contains("http://127.0.0.1:1"), error.message)
        }
    }

    func testTheCallersDeadlineIsHonouredAndNothingIsWritten() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        await provider.stop()
        provider = try await startProvider(address: "http://127.0.0.1:\(silent.port)")
        let target = try provider.targetPath(podUID: environment.pod.uid)
        let started = ContinuousClock.now
        do {
            _ = try await provider.driver.mount(
                attributes: attributes(Self.appObjects), targetPath: target, timeout: .seconds(1))
            XCTFail("expected DEADLINE_EXCEEDED")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .deadlineExceeded, error.message)
        }
        XCTAssertLessThan(started.duration(to: .now), .seconds(10))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [])
    }
}

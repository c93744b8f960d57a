import InMemoryVault
import XCTest

/// The read plan on the in-memory Vault: one request per distinct read, every engine's answer shape rendered.
final class ReadPlanPipelineTests: XCTestCase {
    func testObjectsSharingAReadCostOneRequest() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/app", ["user": "alice", "pass": "s3cret"])
        await fixture.vault.write("secret/other", ["key": "v"])
        let result = try await fixture.mount(
            """
            - {objectName: user, secretPath: secret/data/app, secretKey: user}
            - {objectName: pass, secretPath: /v1/secret/data/app, secretKey: pass}
            - {objectName: other, secretPath: secret/data/other, secretKey: key}
            """)
        XCTAssertEqual(result.text("user"), "alice")
        XCTAssertEqual(result.text("pass"), "s3cret")
        XCTAssertEqual(result.text("other"), "v")
        let appReads = await fixture.vault.count("GET", "/v1/secret/data/app")
        let total = await fixture.vault.requestCount
        XCTAssertEqual(appReads, 1, "two objects of one path share a read")
        XCTAssertEqual(total, 3, "one login and two reads")
    }

    func testVersionsKVv1AndCertificatesAreReadAsAsked() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/app", ["user": "v1"])
        await fixture.vault.write("secret/app", ["user": "v2"])
        await fixture.vault.write("kv/legacy", ["token": "old-style"])
        let result = try await fixture.mount(
            """
            - {objectName: first, secretPath: "secret/data/app?version=1", secretKey: user}
            - {objectName: latest, secretPath: secret/data/app, secretKey: user}
            - {objectName: legacy, secretPath: kv/legacy, secretKey: token}
            - {objectName: cert, secretPath: pki/issue/web, method: PUT, secretArgs: {common_name: web.example},
               secretKey: certificate}
            """)
        XCTAssertEqual(result.text("first"), "v1")
        XCTAssertEqual(result.text("latest"), "v2")
        XCTAssertEqual(result.text("legacy"), "old-style")
        XCTAssertTrue(result.text("cert")?.contains("web.example") == true, result.text("cert") ?? "no cert")
    }

    func testManyObjectsAreFetchedAndRendered() async throws {
        let fixture = await PipelineFixture()
        for index in 0..<40 { await fixture.vault.write("secret/many/s\(index)", ["value": "v\(index)"]) }
        let objects = (0..<40).map { "- {objectName: o\($0), secretPath: secret/data/many/s\($0), secretKey: value}" }
        let result = try await fixture.mount(objects.joined(separator: "\n"))
        XCTAssertEqual(result.files.count, 40)
        for file in result.files {
            XCTAssertEqual(String(decoding: file.contents, as: UTF8.self), "v" + file.path.dropFirst())
        }
    }

    func testReadsRunConcurrentlyUpToTheLimit() async throws {
        let fixture = await PipelineFixture(maxConcurrentReads: 3)
        var objects: [String] = []
        for index in 0..<9 {
            await fixture.vault.write("secret/s\(index)", ["k": "\(index)"])
            await fixture.vault.inject(.delay(.milliseconds(50)), pathPrefix: "/v1/secret/data/s\(index)")
            objects.append("- {objectName: s\(index), secretPath: secret/data/s\(index), secretKey: k}")
        }
        let result = try await fixture.mount(objects.joined(separator: "\n"))
        XCTAssertEqual(result.files.count, 9)
        let most = await fixture.vault.mostInFlight
        XCTAssertEqual(most, 3, "-max-concurrent-reads bounds one mount's reads, and they do overlap")
    }
}

import InMemoryVault
import SecretsProvider
import XCTest

/// Deadlines, refusals and outages: the mount fails with the right code and names the object.
final class FailurePipelineTests: XCTestCase {
    static let objects = """
        - {objectName: a, secretPath: secret/data/a, secretKey: k}
        - {objectName: b, secretPath: secret/data/b, secretKey: k}
        """

    func fixture() async -> PipelineFixture {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/a", ["k": "1"])
        await fixture.vault.write("secret/b", ["k": "2"])
        return fixture
    }

    func assertFails(
        _ fixture: PipelineFixture, budget: Duration = .seconds(30), code: MountError.Code, containing text: String,
        file: StaticString = #filePath, line: UInt = #line
    ) async {
        do {
            _ = try await fixture.mount(Self.objects, budget: budget)
            XCTFail("the mount succeeded", file: file, line: line)
        } catch let error as MountError {
            XCTAssertEqual(error.code, code, error.message, file: file, line: line)
            XCTAssertTrue(error.message.contains(text), error.message, file: file, line: line)
        } catch {
            XCTFail("not a MountError: \(error)", file: file, line: line)
        }
    }

    func testAReadSlowerThanTheMountsDeadlineFailsWithDeadlineExceeded() async throws {
        let fixture = await fixture()
        await fixture.vault.inject(.delay(.seconds(5)), pathPrefix: "/v1/secret/data/b")
        let started = ContinuousClock.now
        await assertFails(
            fixture, budget: .milliseconds(300), code: .deadlineExceeded, containing: #"couldn't read secret "b""#)
        XCTAssertLessThan(started.duration(to: .now), .seconds(2), "the mount gives up at its deadline")
    }

    /// One Mount may hold 16 MiB of Vault answers: `?x=N` query strings make one big secret into many distinct reads.
    func testVaultAnswersPastTheMountsByteBudgetAreResourceExhausted() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/big", ["k": String(repeating: "x", count: 3 << 20)])
        let objects = (0..<6).map { "- {objectName: o\($0), secretPath: 'secret/data/big?x=\($0)', secretKey: k}" }
            .joined(separator: "\n")
        do {
            _ = try await fixture.mount(objects)
            XCTFail("the mount succeeded")
        } catch let error as MountError {
            XCTAssertEqual(error.code, .resourceExhausted, error.message)
            XCTAssertTrue(error.message.hasPrefix(#"couldn't read secret "o"#), error.message)
            XCTAssertTrue(
                error.message.hasSuffix(
                    "this Mount's Vault answers add up to more than 16777216 bytes (-max-mount-bytes)"), error.message)
        }
        let five = (0..<5).map { "- {objectName: o\($0), secretPath: 'secret/data/big?x=\($0)', secretKey: k}" }.joined(
            separator: "\n")
        await XCTAssertThrowsErrorAsync(
            try await fixture.mount(five), "five answers of 3 MiB still pass the 3.5 MiB of files"
        ) { error in
            XCTAssertEqual((error as? MountError)?.code, .invalidArgument, "\(error)")
        }
    }

    func testAMissingSecretIsNotFoundAndNamesTheObject() async throws {
        let fixture = await PipelineFixture()
        await fixture.vault.write("secret/a", ["k": "1"])
        await assertFails(
            fixture, code: .notFound,
            containing:
                #"""
                couldn't read secret "b": Error making API request. URL: GET \#
                http://vault.in-memory:8200/v1/secret/data/b Code: 404
                """#
        )
    }

    func testAnOutageIsUnavailable() async throws {
        let fixture = await fixture()
        await fixture.vault.inject(.unreachable("connection refused"), pathPrefix: "/v1/secret/data/a")
        await assertFails(fixture, code: .unavailable, containing: "connection refused")
    }

    func testAServerErrorIsUnavailableWithVaultsWords() async throws {
        let fixture = await fixture()
        await fixture.vault.inject(.status(503, errors: ["Vault is sealed"]), pathPrefix: "/v1/secret/data/a")
        await assertFails(fixture, code: .unavailable, containing: "* Vault is sealed")
    }

    func testAPolicyRefusalIsPermissionDenied() async throws {
        let fixture = await fixture()
        await fixture.vault.addRole(
            "app", VaultRole(boundServiceAccounts: ["default/app-sa"], paths: ["secret/data/a"]))
        await assertFails(fixture, code: .permissionDenied, containing: #"couldn't read secret "b""#)
    }
}

/// XCTAssertThrowsError for async expressions.
func XCTAssertThrowsErrorAsync<T>(
    _ expression: @autoclosure () async throws -> T, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line, _ handler: (any Error) -> Void
) async {
    do {
        _ = try await expression()
        XCTFail("no error: \(message)", file: file, line: line)
    } catch {
        handler(error)
    }
}

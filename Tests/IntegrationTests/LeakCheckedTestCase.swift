import Foundation
import ProviderTestSupport
import XCTest

/// An integration test whose tear-down runs the leak scan: every secret value and token the test used (registered by
/// the stand-in, OpenBao's raw audit log and the mounts themselves) is searched for in everything the provider showed
/// during the test, its trace-level logs, Mount errors, metrics scrapes and command output. Any hit fails the test.
///
/// Subclasses call `super.tearDown()` after stopping OpenBao (its audit log is read then) and before deleting logs.
class LeakCheckedTestCase: XCTestCase {
    override class func setUp() {
        super.setUp()
        LeakWatch.shared.enable()
        LeakScanSummary.installOnce()
    }

    /// Skips unless `make test` asked for the OpenBao suites (`OPENBAO_TESTS=1`): a bare `swift test` runs the fast
    /// tests only. Subclasses call `super.setUp()` first.
    override func setUp() async throws {
        try XCTSkipUnless(
            ProcessInfo.processInfo.environment["OPENBAO_TESTS"] == "1",
            "an OpenBao suite: `make test` runs it (OPENBAO_TESTS=1)")
        try await super.setUp()
    }

    override func tearDown() async throws {
        for finding in LeakWatch.shared.takeFindings() {
            XCTFail("leak scan: \(finding)")
        }
        try await super.tearDown()
    }
}

/// Prints the scan's totals when the test run ends, after one last scan of texts recorded outside these tests.
final class LeakScanSummary: NSObject, XCTestObservation, @unchecked Sendable {
    private static let installed: Void = {
        XCTestObservationCenter.shared.addTestObserver(LeakScanSummary())
    }()

    static func installOnce() {
        _ = installed
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        let late = LeakWatch.shared.takeFindings()
        let totals = LeakWatch.shared.totals
        print(
            """
            leak scan: \(totals.texts) texts (\(totals.bytes) bytes) scanned for \(totals.secrets) secrets and \
            tokens:\u{20}
            """
                + "\(totals.findings + late.count) findings")
        for finding in late { print("leak scan: \(finding)") }
    }
}

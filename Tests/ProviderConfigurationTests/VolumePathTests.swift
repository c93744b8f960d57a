import ProviderConfiguration
import XCTest

final class VolumePathTests: XCTestCase {
    func testAcceptsCleanRelativePaths() {
        for path in ["a", "a.txt", "dir/file", "a/b/c", "a..b", "x/..y", String(repeating: "x", count: 255)] {
            XCTAssertNil(VolumePath.problem(with: path), path)
        }
    }

    func testRejectsWhatTheDriverRejects() {
        let bad = [
            "", "/abs", "...dots", "..", "../x", "..data", "a/../b", "a//b", "./a", "a/", "a/.",
            String(repeating: "x", count: 256),
            String(repeating: "a/", count: 2049) + "a", "a\0b", "a\nb", "tab\there", "esc\u{1B}[31m", "del\u{7F}",
        ]
        for path in bad {
            XCTAssertNotNil(VolumePath.problem(with: path), path)
        }
    }
}

import ProviderConfiguration
import ProviderValues
import XCTest

final class FilePermissionTests: XCTestCase {
    func testRequestPermission() throws {
        XCTAssertEqual(try FilePermission.parseRequest("420"), 0o644)
        XCTAssertEqual(try FilePermission.parseRequest("\"420\""), 0o644)
        XCTAssertEqual(try FilePermission.parseRequest(""), 0o644)
        XCTAssertThrowsError(try FilePermission.parseRequest("rw-r--r--")) {
            XCTAssertTrue("\($0)".hasPrefix("permission: "))
        }
        XCTAssertThrowsError(try FilePermission.parseRequest("512"))
        XCTAssertThrowsError(try FilePermission.parseRequest("-1"))
    }
}

import Foundation
import XCTest

@testable import SecretsProvider

final class AtomicWriterTests: XCTestCase {
    var target: String!

    override func setUpWithError() throws {
        target = NSTemporaryDirectory() + "atomic-writer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: target)
    }

    private func file(_ path: String, _ text: String, mode: Int = 0o644) -> RenderedFile {
        RenderedFile(path: path, mode: mode, contents: Data(text.utf8))
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: target + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func mode(_ path: String) throws -> Int {
        var info = stat()
        guard stat(target + "/" + path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return Int(info.st_mode) & 0o777
    }

    private func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: target).sorted()
    }

    func testLayoutMatchesKubernetesAtomicWriter() throws {
        let writer = AtomicWriter(targetPath: target)
        XCTAssertTrue(try writer.write([file("a", "one", mode: 0o600), file("dir/b", "two", mode: 0o440)]) {})
        XCTAssertEqual(read("a"), "one")
        XCTAssertEqual(read("dir/b"), "two")
        XCTAssertEqual(try mode("a"), 0o600)
        XCTAssertEqual(try mode("dir/b"), 0o440)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/a"), "..data/a")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/dir"), "..data/dir")
        let payload = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data")
        XCTAssertNotNil(
            payload.range(
                of: #"^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.[A-Za-z0-9]{6}$"#, options: .regularExpression), payload
        )
        XCTAssertEqual(try entries(), ["..data", payload, "a", "dir"].sorted())
    }

    func testUpdateSwapsPayloadAndRemovesStaleNames() throws {
        let writer = AtomicWriter(targetPath: target)
        _ = try writer.write([file("a", "one"), file("old", "x")]) {}
        let first = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data")
        XCTAssertTrue(try writer.write([file("a", "two"), file("new", "y")]) {})
        let second = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data")
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(read("a"), "two")
        XCTAssertEqual(read("new"), "y")
        XCTAssertNil(read("old"))
        XCTAssertEqual(
            try entries(), ["..data", second, "a", "new"].sorted(), "the old payload and its names are gone")
    }

    func testUnchangedPayloadIsNotRewritten() throws {
        let writer = AtomicWriter(targetPath: target)
        _ = try writer.write([file("a", "one")]) {}
        let payload = try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data")
        XCTAssertFalse(try writer.write([file("a", "one")]) {})
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data"), payload)
        XCTAssertTrue(try writer.write([file("a", "one", mode: 0o600)]) {}, "a mode change is a change")
    }

    func testFailureBeforeCommitLeavesTheVolumeAsItWas() throws {
        let writer = AtomicWriter(targetPath: target)
        _ = try writer.write([file("a", "one")]) {}
        let before = try entries()
        struct Stop: Error {}
        XCTAssertThrowsError(try writer.write([file("a", "two"), file("b", "x")]) { throw Stop() })
        XCTAssertEqual(try entries(), before)
        XCTAssertEqual(read("a"), "one")
    }

    func testRefusesToShadowForeignFiles() throws {
        try Data("mine".utf8).write(to: URL(fileURLWithPath: target + "/a"))
        XCTAssertThrowsError(try AtomicWriter(targetPath: target).write([file("a", "one")]) {})
        XCTAssertEqual(read("a"), "mine")
        XCTAssertEqual(try entries(), ["a"])
    }

    /// Whatever the process umask, files get exactly the requested mode and directories 0755: never more permissive.
    func testModesAreExactWhateverTheUmask() throws {
        for mask: mode_t in [0, 0o077] {
            let previous = umask(mask)
            defer { umask(previous) }
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            let writer = AtomicWriter(targetPath: target)
            XCTAssertTrue(
                try writer.write([
                    file("a", "one", mode: 0o600), file("dir/b", "two", mode: 0o440), file("c", "three", mode: 0o644),
                ]) {})
            XCTAssertEqual(try mode("a"), 0o600, "umask \(String(mask, radix: 8))")
            XCTAssertEqual(try mode("dir/b"), 0o440, "umask \(String(mask, radix: 8))")
            XCTAssertEqual(try mode("c"), 0o644, "umask \(String(mask, radix: 8))")
            XCTAssertEqual(try mode("dir"), 0o755, "umask \(String(mask, radix: 8))")
            XCTAssertEqual(try mode("..data"), 0o755, "umask \(String(mask, radix: 8))")
        }
    }
}

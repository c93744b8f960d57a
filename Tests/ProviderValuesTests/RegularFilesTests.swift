import Foundation
import ProviderValues
import Testing

/// `RegularFiles` replaces Foundation's directory enumerator where the writer compares a payload with what it holds.
@Suite struct RegularFilesTests {
    @Test func listsRegularFilesAtEveryDepthWithoutFollowingLinks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("regular-files-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outside = root + "-outside"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createDirectory(atPath: root + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        for path in ["top", ".hidden", "a/one", "a/b/two"] {
            #expect(FileManager.default.createFile(atPath: root + "/" + path, contents: Data("x".utf8)))
        }
        #expect(FileManager.default.createFile(atPath: outside + "/elsewhere", contents: Data()))
        try FileManager.default.createSymbolicLink(atPath: root + "/link-to-file", withDestinationPath: root + "/top")
        try FileManager.default.createSymbolicLink(atPath: root + "/link-to-dir", withDestinationPath: outside)
        #expect(RegularFiles.under(root) == ["top", ".hidden", "a/one", "a/b/two"])
        #expect(RegularFiles.under(root + "/missing") == nil)
    }
}

import Foundation
import ProviderValues
import Testing

/// The Foundation-free replacements in ProviderValues answer as the Foundation APIs they replaced (issue 22).
@Suite struct FoundationFreeTextTests {
    /// (path, last component, parent) as NSString's path methods answer (swift-corelibs-foundation traps on a
    /// relative one-component path such as `a`, so these are written out rather than asked of it at run time).
    static let paths: [(String, String, String)] = [
        ("/a/b", "b", "/a"), ("/a/b/", "b", "/a"), ("/a", "a", "/"), ("/", "/", "/"), ("a", "a", ""),
        ("a/b", "b", "a"), ("", "", ""), ("//a//b//", "b", "/a"), ("/a/b/..x.123", "..x.123", "/a/b"),
        ("./a", "a", "."), ("../a/b", "b", "../a"),
    ]

    @Test(arguments: paths)
    func pathTextAnswersAsNSString(_ path: String, last: String, parent: String) {
        #expect(PathText.lastComponent(path) == last)
        #expect(PathText.parent(path) == parent)
    }

    @Test func appendingPutsOneSlashBetween() {
        #expect(PathText.appending("ca.pem", to: "/vault/tls") == "/vault/tls/ca.pem")
        #expect(PathText.appending("ca.pem", to: "/vault/tls/") == "/vault/tls/ca.pem")
    }

    static let texts = [
        "  token\n", "\t\r\n x y \u{00A0}", "", " ", "\n\n", "a", " \u{2003}both\u{2003} ", "x\n", "\u{FEFF}bom",
    ]

    @Test(arguments: texts)
    func trimmingAgreesWithCharacterSet(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func fileKindFollowsLinks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kind-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/file", contents: Data("x".utf8))
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory)
        #expect(FileKind.at(directory) == .directory)
        #expect(FileKind.at(directory + "/link") == .directory)
        #expect(FileKind.at(directory + "/file") == .other)
        #expect(FileKind.at(directory + "/none") == .missing)
    }

    @Test func fileErrorTextIsTheSystemsReason() {
        do {
            _ = try FileManager.default.contentsOfDirectory(atPath: "/nonexistent-\(UUID())")
            Issue.record("listing a missing directory succeeded")
        } catch {
            #expect(FileErrorText.describe(error) == "No such file or directory")
        }
    }
}

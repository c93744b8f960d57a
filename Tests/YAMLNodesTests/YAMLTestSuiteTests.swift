import Foundation
import XCTest
import YAMLNodes

/// The yaml-test-suite cases in Tests/Fixtures/yaml-test-suite (its README says which ref and what is left out):
/// valid cases give the expected events (tags and document markers aside, which the tree does not keep), error
/// cases fail, and cases with anchors or aliases are refused by default and resolved on request.
final class YAMLTestSuiteTests: XCTestCase {
    /// Valid cases (with or without anchors) libyaml 0.2.5 refuses: its known deviations from YAML 1.2 (the
    /// fixtures' README gives each one's error).
    static let libyamlRefusesValid: Set<String> = [
        "2JQS", "2LFX", "2SXE", "4ABK", "4MUZ/00", "4MUZ/01", "4MUZ/02", "58MP", "5MUD", "5T43", "6BCT", "6CA3", "6LVF",
        "6M2F", "7Z25", "8XYN", "96NN/00", "96NN/01", "9SA2", "A2M4", "BEC7", "CFD4", "DBG4", "DK3J", "DK95/00",
        "DK95/03", "DK95/04", "FP8R", "FRK4", "HM87/00", "HWV9", "K3WX", "M2N8/00", "M7A3", "MUS6/05", "MUS6/06",
        "NHX8", "NJ66", "NKF9", "Q5MG", "QT73", "R4YG", "S3PD", "SM9W/01", "UKK6/00", "UT92", "VJP3/01", "W4TN", "W5VH",
        "Y79Y/001", "Y79Y/010",
    ]
    /// Valid cases libyaml 0.2.5 reads into other events (a plain `?x` taken for a key, trailing lines of a literal
    /// block scalar chomped otherwise).
    static let libyamlMisreads: Set<String> = ["652Z", "HM87/01", "JEF9/02", "L24T/01"]
    /// Error cases libyaml 0.2.5 accepts.
    static let libyamlAcceptsInvalid: Set<String> = [
        "9C9N", "9HCY", "9JBA", "CVW2", "DK95/01", "EB22", "G5U8", "MUS6/00", "MUS6/01", "QB6E", "RHX7", "S98Z", "SU5Z",
        "X4QW", "Y79Y/003", "YJV2",
    ]

    struct Case {
        let id: String
        let yaml: String
        let events: String
        let isError: Bool
        /// An `=ALI` event, or an `&anchor` property before a value or on a collection.
        var usesAnchors: Bool {
            events.split(separator: "\n").contains { line in
                if line.hasPrefix("=ALI") { return true }
                guard line.hasPrefix("+MAP") || line.hasPrefix("+SEQ") || line.hasPrefix("=VAL") else { return false }
                for token in line.dropFirst(5).split(separator: " ") {
                    if token.hasPrefix("&") { return true }
                    if let first = token.first, ":'\"|>".contains(first) { return false }
                }
                return false
            }
        }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/yaml-test-suite").standardizedFileURL

    static func cases() throws -> [Case] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder.path) else { return [] }
        var cases: [Case] = []
        for case let path as String in walker where path.hasSuffix("in.yaml") {
            let dir = folder.appendingPathComponent(path).deletingLastPathComponent()
            let id = String(path.dropLast("/in.yaml".count))
            cases.append(
                Case(
                    id: id,
                    yaml: try String(contentsOf: dir.appendingPathComponent("in.yaml"), encoding: .utf8),
                    events: (try? String(contentsOf: dir.appendingPathComponent("test.event"), encoding: .utf8)) ?? "",
                    isError: manager.fileExists(atPath: dir.appendingPathComponent("error").path)))
        }
        return cases.sorted { $0.id < $1.id }
    }

    private let deep = YAMLOptions(maxDepth: 1000)
    private let resolving = YAMLOptions(maxDepth: 1000, aliases: .resolve(maxNodes: 100_000))

    func testTheSuite() throws {
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 402, "fixtures under \(Self.folder.path)")
        var valid = 0, errors = 0, anchors = 0
        var refused: [String: String] = [:], misread: Set<String> = [], accepted: Set<String> = []
        for test in cases {
            if test.isError {
                errors += 1
                if (try? YAMLParser.documents(test.yaml, options: resolving)) != nil { accepted.insert(test.id) }
                continue
            }
            if test.usesAnchors {
                anchors += 1
                do throws(YAMLError) {
                    _ = try YAMLParser.documents(test.yaml, options: deep)
                    XCTFail("\(test.id): anchors accepted by default")
                } catch {
                    if error.problem != "anchors and aliases are not allowed" { refused[test.id] = error.description }
                }
                do throws(YAMLError) {
                    _ = try YAMLParser.documents(test.yaml, options: resolving)
                    XCTAssertNil(
                        refused[test.id], "\(test.id): refused with anchors refused, read with aliases resolved")
                } catch {
                    refused[test.id] = error.description
                }
                continue
            }
            valid += 1
            do throws(YAMLError) {
                let roots = try YAMLParser.documents(test.yaml, options: deep)
                if Self.events(roots) != Self.normalized(test.events) { misread.insert(test.id) }
            } catch {
                refused[test.id] = error.description
            }
        }
        let anchorsRefused = cases.filter { !$0.isError && $0.usesAnchors && refused[$0.id] != nil }.count
        print(
            """
            yaml-test-suite: \(cases.count) cases; valid without anchors: \
            \(valid - (refused.count - anchorsRefused) - misread.count)
            """
                + """
                 of \(valid) read as expected; errors: \(errors - accepted.count) of \(errors) refused; with \
                anchors:\u{20}
                """
                + "\(anchors - anchorsRefused) of \(anchors) refused by default and resolved on request")
        for (id, error) in refused.sorted(by: { $0.key < $1.key }) { print("  libyaml refuses valid \(id): \(error)") }
        XCTAssertEqual(Set(refused.keys), Self.libyamlRefusesValid)
        XCTAssertEqual(misread, Self.libyamlMisreads)
        XCTAssertEqual(accepted, Self.libyamlAcceptsInvalid)
    }

    // MARK: - The suite's event notation

    /// The tree as the suite's events, without tags, anchors and explicit document markers.
    static func events(_ roots: [YAMLNode]) -> String {
        var lines = ["+STR"]
        func walk(_ node: YAMLNode) {
            switch node {
            case .scalar(let scalar):
                let indicator: String =
                    switch scalar.style {
                    case .plain: ":"
                    case .singleQuoted: "'"
                    case .doubleQuoted: "\""
                    case .literal: "|"
                    case .folded: ">"
                    }
                lines.append("=VAL " + indicator + escaped(scalar.text))
            case .sequence(let sequence):
                lines.append("+SEQ")
                sequence.items.forEach(walk)
                lines.append("-SEQ")
            case .mapping(let mapping):
                lines.append("+MAP")
                for pair in mapping.pairs {
                    walk(pair.key)
                    walk(pair.value)
                }
                lines.append("-MAP")
            }
        }
        for root in roots {
            lines.append("+DOC")
            walk(root)
            lines.append("-DOC")
        }
        lines.append("-STR")
        return lines.joined(separator: "\n")
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{8}": out += "\\b"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// The expected events without tags, document markers and flow markers.
    static func normalized(_ events: String) -> String {
        events.split(separator: "\n").map { line -> String in
            let kind = String(line.prefix(4))
            guard kind == "+DOC" || kind == "-DOC" || kind == "+MAP" || kind == "+SEQ" || kind == "=VAL" else {
                return String(line)
            }
            if kind != "=VAL" { return kind }
            // `=VAL <tag> :text`: drop the tag, keep the value from its indicator on.
            var rest = line.dropFirst(5)
            if rest.hasPrefix("<"), let end = rest.firstIndex(of: ">") {
                rest = rest[rest.index(after: end)...].drop { $0 == " " }
            }
            return "=VAL " + rest
        }.joined(separator: "\n")
    }
}

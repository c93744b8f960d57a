import Foundation
import ProviderValues
import TemplateEngine
import XCTest

/// One file of the spec.
private struct SpecFile: Decodable {
    struct Case: Decodable {
        let name: String
        let template: String
        let expected: String
        let data: JSONValue
        let partials: [String: String]?
    }

    let tests: [Case]
}

/// The official Mustache spec (Tests/Fixtures/mustache-spec, MIT): interpolation, sections, inverted sections,
/// comments and delimiters, with HTML escaping on as the spec expects. Cases that use partials are skipped.
final class MustacheSpecTests: XCTestCase {
    /// Cases each file must pass (all but those with partials): a drop is a regression.
    let expectedPasses = ["interpolation": 42, "sections": 34, "inverted": 22, "comments": 12, "delimiters": 12]

    func testSpecFiles() throws {
        var summary: [String] = []
        for file in expectedPasses.keys.sorted() {
            let data = try Data(contentsOf: Fixtures.folder.appendingPathComponent("mustache-spec/\(file).json"))
            let tests = try JSONDecoder().decode(SpecFile.self, from: data).tests
            var passed = 0
            var skipped = 0
            for test in tests {
                if test.partials != nil {
                    skipped += 1
                    continue
                }
                do {
                    let rendered = try Template(parsing: test.template).render(
                        SpecValue(json: test.data), escapingHTML: true)
                    if rendered == test.expected {
                        passed += 1
                    } else {
                        XCTFail(
                            """
                            \(file): \(test.name): \(rendered.debugDescription) is not \
                            \(test.expected.debugDescription)
                            """
                        )
                    }
                } catch {
                    XCTFail("\(file): \(test.name): \(error)")
                }
            }
            summary.append("\(file): \(passed) of \(tests.count) passed, \(skipped) skipped (partials)")
            XCTAssertEqual(passed, expectedPasses[file], file)
        }
        print(summary.joined(separator: "\n"))
    }
}

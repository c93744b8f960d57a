import Foundation
import ProviderConfiguration
import ProviderValues
import XCTest

/// Tests/Fixtures/templates/compat.json: what the provider's templates gave on swift-mustache 2.1.1 (recorded by
/// Tests/TemplateCompat), reproduced case by case by TemplateSyntax and TemplateRenderer on TemplateEngine.
final class CompatibilityTests: XCTestCase {
    /// Where the new engine deliberately differs from the recording, and why.
    static let deliberateDifferences = [
        "oldCrashed": "swift-mustache 2.1.1 traps (a range before the section's body) when a one-character delimiter "
            + """
            closes a section right where its body starts, as in {{=| |=}}|#t||/t|; TemplateEngine parses the \
            template\u{20}
            """
            + "like any other, so the provider no longer crashes on it"
    ]

    private struct Document: Decodable {
        let data: [String]
        let cases: [Case]
    }

    private struct Case: Decodable {
        let template: String
        let data: Int?
        let limit: Int
        let expected: Expected
    }

    private struct Expected: Decodable {
        struct Problem: Decodable, Equatable {
            let line: Int
            let column: Int
            let reason: String
        }

        let text: String?
        let missing: [String]?
        let tooLarge: Bool?
        let renderUnparsable: Bool?
        let unparsable: Problem?
        let oldCrashed: Bool?
    }

    func testEveryRecordedCaseRendersAsBefore() throws {
        let bytes = try Data(contentsOf: Fixtures.folder.appendingPathComponent("templates/compat.json"))
        let document = try JSONDecoder().decode(Document.self, from: bytes)
        let dataSets = try document.data.map { try JSONValue(parsing: Data($0.utf8)) }
        var checked = 0
        var differing: [String: Int] = [:]
        for item in document.cases {
            let problem = TemplateSyntax.problem(in: item.template)
            if item.expected.oldCrashed == true {
                // Any answer will do, so long as there is one.
                if problem == nil { _ = TemplateRenderer.render(item.template, data: .null, limit: item.limit) }
                differing["oldCrashed", default: 0] += 1
                continue
            }
            checked += 1
            if let expected = item.expected.unparsable {
                let actual = problem.map { Expected.Problem(line: $0.line, column: $0.column, reason: $0.reason) }
                XCTAssertEqual(actual, expected, item.template.debugDescription)
                continue
            }
            XCTAssertNil(problem, item.template.debugDescription)
            let result = TemplateRenderer.render(
                item.template, data: item.data.map { dataSets[$0] } ?? .null, limit: item.limit)
            let context =
                "\(item.template.debugDescription) with data \(item.data.map(String.init) ?? "-") limit \(item.limit)"
            switch result {
            case .success(let text): XCTAssertEqual(text, item.expected.text, context)
            case .failure(.missing(let names)): XCTAssertEqual(names, item.expected.missing, context)
            case .failure(.tooLarge): XCTAssertEqual(item.expected.tooLarge, true, context)
            case .failure(.unparsable): XCTAssertEqual(item.expected.renderUnparsable, true, context)
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertEqual(Set(differing.keys).subtracting(Self.deliberateDifferences.keys), [])
        print("compat.json: \(checked) cases reproduced; deliberately different: \(differing)")
    }
}

import TemplateEngine
import XCTest

/// The engine's own behaviour beyond what the provider uses: escaping, pragmas, errors, depth.
final class EngineTests: XCTestCase {
    private struct Word: TemplateValue {
        let text: String
        func renderedText() -> String { text }
        func transformed(by name: String) -> (any TemplateValue)? {
            switch Transforms.string(text, name) {
            case .text(let text): Word(text: text)
            case .other(let value): value
            case nil: nil
            }
        }
    }

    private struct Scope: TemplateValue {
        let members: [String: any TemplateValue]
        func renderedText() -> String { "{}" }
        func member(named name: String) -> (any TemplateValue)? { members[name] }
    }

    private func render(_ template: String, escaping: Bool = false, _ members: [String: any TemplateValue]) throws
        -> String
    {
        try Template(parsing: template).render(Scope(members: members), escapingHTML: escaping)
    }

    func testEscapingIsAnOptionAndPragmasSwitchIt() throws {
        let data: [String: any TemplateValue] = ["p": Word(text: "<&\"'>")]
        XCTAssertEqual(try render("{{p}}{{{p}}}", escaping: true, data), "&lt;&amp;&quot;&#39;&gt;<&\"'>")
        XCTAssertEqual(try render("{{p}}", data), "<&\"'>")
        XCTAssertEqual(try render("{{% CONTENT_TYPE: HTML}}{{p}}", data), "&lt;&amp;&quot;&#39;&gt;")
        XCTAssertEqual(try render("{{% CONTENT_TYPE: TEXT}}{{p}}", escaping: true, data), "<&\"'>")
    }

    func testTransforms() throws {
        let data: [String: any TemplateValue] = ["w": Word(text: "hello wORLD it's"), "e": Word(text: "")]
        XCTAssertEqual(
            try render("{{capitalized(w)}}|{{uppercased(w)}}|{{reversed(e)}}{{empty(e)}}", data),
            "Hello World It's|HELLO WORLD IT'S|true")
        XCTAssertEqual(try render("{{bogus(w)}}{{#empty(w)}}x{{/empty(w)}}", data), "")
    }

    func testErrorsSayWhere() {
        for (template, kind, line, column) in [
            ("a\n{{#x}}", TemplateSyntaxError.Kind.expectedSectionEnd, 2, 7),
            ("{{#x}}{{/y}}", .sectionCloseNameIncorrect, 1, 10),
            ("{{x y}}", .unfinishedName, 1, 5),
            ("{{=a}}", .invalidSetDelimiter, 1, 4),
            ("{{x", .overflow, 1, 4),
        ] {
            XCTAssertThrowsError(try Template(parsing: template), template) { error in
                let error = error as? TemplateSyntaxError
                XCTAssertEqual(error?.kind, kind, template)
                XCTAssertEqual(error.map { [$0.line, $0.column] }, [line, column], template)
            }
        }
    }

    func testDepthIsBounded() {
        let template = String(repeating: "{{#a}}", count: 5) + String(repeating: "{{/a}}", count: 5)
        XCTAssertNoThrow(try Template(parsing: template, maxDepth: 5))
        XCTAssertThrowsError(try Template(parsing: template, maxDepth: 4))
    }
}

import ProviderConfiguration
import ProviderValues
import TemplateEngine
import XCTest

/// The engine's own meter bounds what a rendering produces and does, even where `TemplateTags`' scan (which the
/// budget's section sizes come from) reads a template otherwise than the parser. `{{` then a newline character
/// (here U+0085) is text to the parser but opens a tag to the scan, so the scan misses the set-delimiter tag and
/// every section after it (found by `make fuzz`: 112,062 bytes rendered for a limit of 65,536).
final class OutputBoundTests: XCTestCase {
    /// Sections the scan does not see: to it, `{{\u{85}x{{=<% %>=}}` is one variable tag.
    private let hidden = "{{\u{85}x{{=<% %>=}}"

    func testOutputNeverPassesTheLimitWhenTheScanMissesSections() {
        let template = hidden + "<%#list%>" + String(repeating: "y", count: 2_000) + "<%/list%>"
        XCTAssertNil(TemplateSyntax.problem(in: template))
        let data = JSONValue.object(["list": .array(Array(repeating: .string("i"), count: 100))])
        XCTAssertEqual(TemplateRenderer.render(template, data: data, limit: 4_096), .failure(.tooLarge))
        // Within the limit it renders, byte for byte.
        guard case .success(let text) = TemplateRenderer.render(template, data: data, limit: 1 << 20) else {
            return XCTFail("expected a rendering within 1 MiB")
        }
        // The parser drops a `{{` before a newline character (the newline stays), as swift-mustache did.
        let expected = "\u{85}x" + String(repeating: String(repeating: "y", count: 2_000), count: 100)
        XCTAssertTrue(text == expected, "rendered \(text.utf8.count) bytes: \(text.prefix(20))…")
    }

    func testPassesThatPrintNothingAreBoundedToo() {
        // 1000 × 1000 × 1000 passes over a comment: a billion, unless the work is bounded.
        let template = hidden + "<%#l%><%#l%><%#l%><%!c%><%/l%><%/l%><%/l%>"
        let data = JSONValue.object(["l": .array(Array(repeating: .bool(true), count: 1_000))])
        let duration = ContinuousClock().measure {
            XCTAssertEqual(TemplateRenderer.render(template, data: data, limit: 1 << 20), .failure(.tooLarge))
        }
        XCTAssertLessThan(duration, .seconds(20))
    }

    func testTheEngineStopsAtItsLimits() throws {
        struct Text: TemplateValue {
            let text: String
            func renderedText() -> String { text }
        }
        let template = try Template(parsing: "{{x}}{{x}}")
        struct Root: TemplateValue {
            func renderedText() -> String { "" }
            func member(named name: String) -> (any TemplateValue)? { Text(text: "abc") }
        }
        XCTAssertEqual(template.render(Root(), escapingHTML: false, outputLimit: 6, workLimit: 10), "abcabc")
        XCTAssertNil(template.render(Root(), escapingHTML: false, outputLimit: 5, workLimit: 10))
        XCTAssertNil(template.render(Root(), escapingHTML: false, outputLimit: 6, workLimit: 1))
    }
}

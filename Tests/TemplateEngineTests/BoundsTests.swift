import ProviderConfiguration
import ProviderValues
import TemplateEngine
import XCTest

/// Adversarial templates of 1 MiB: each is checked and rendered without a crash, within seconds (debug build).
final class BoundsTests: XCTestCase {
    static let mebibyte = 1 << 20

    private func timed(_ label: String, _ body: () -> Void) {
        let duration = ContinuousClock().measure(body)
        print("\(label): \(duration)")
        XCTAssertLessThan(duration, .seconds(20), label)
    }

    private func checkAndRender(_ label: String, _ template: String) {
        timed(label) {
            if TemplateSyntax.problem(in: template) == nil {
                _ = TemplateRenderer.render(
                    template, data: .object(["t": .bool(true), "x": .string("v")]), limit: 4 * Self.mebibyte)
            }
        }
    }

    func testOpeningDelimitersOnly() {
        let template = String(repeating: "{{", count: Self.mebibyte / 2)
        XCTAssertNotNil(TemplateSyntax.problem(in: template))
        checkAndRender("1 MiB of {{", template)
        XCTAssertThrowsError(try Template(parsing: template))
    }

    func testSectionsNestedToTheLimitAroundLongText() {
        let depth = Limits.maxTemplateDepth
        let filler = String(repeating: "x{{x}}\n", count: (Self.mebibyte - 12 * depth) / 7)
        let template = String(repeating: "{{#t}}", count: depth) + filler + String(repeating: "{{/t}}", count: depth)
        XCTAssertNil(TemplateSyntax.problem(in: template))
        checkAndRender("1 MiB inside sections \(depth) deep", template)
    }

    func testManySiblingSections() {
        let template = String(repeating: "{{#t}}{{x}}{{/t}}", count: Self.mebibyte / 17)
        checkAndRender("1 MiB of sibling sections", template)
    }

    func testNestingPastTheLimitIsRefusedWithoutRecursingFurther() {
        let template = String(repeating: "{{#t}}", count: Self.mebibyte / 6)
        XCTAssertEqual(
            TemplateSyntax.problem(in: template)?.reason,
            "sections are nested more than \(Limits.maxTemplateDepth) deep")
        var thrown: TemplateSyntaxError?
        timed("1 MiB of {{#t}} straight into the engine") {
            do {
                _ = try Template(parsing: template, maxDepth: Limits.maxTemplateDepth)
            } catch {
                thrown = error as? TemplateSyntaxError
            }
        }
        XCTAssertEqual(thrown?.kind, .tooDeep)
    }

    func testLongDelimitersAndNearMisses() {
        let open = String(repeating: "<", count: TemplateTags.maxDelimiterLength)
        let close = String(repeating: ">", count: TemplateTags.maxDelimiterLength)
        let nearMiss = String(repeating: "<", count: TemplateTags.maxDelimiterLength - 1) + "x"
        let template =
            "{{=\(open) \(close)=}}" + String(repeating: nearMiss, count: Self.mebibyte / nearMiss.count)
            + "\(open)x\(close)"
        checkAndRender("1 MiB of near-miss 8-character delimiters", template)
    }

    func testUnclosedComment() {
        checkAndRender("1 MiB unclosed comment", "{{!" + String(repeating: "}", count: Self.mebibyte))
    }
}

import XCTest
import YAMLNodes

final class YAMLParserTests: XCTestCase {
    private let strict = YAMLOptions(maxDepth: 64)

    private func root(_ text: String, _ options: YAMLOptions? = nil) throws -> YAMLNode? {
        try YAMLParser(text, options: options ?? strict).singleRoot()
    }

    private func error(_ text: String, _ options: YAMLOptions? = nil) -> YAMLError? {
        do {
            _ = try YAMLParser.documents(text, options: options ?? strict)
            return nil
        } catch {
            return error
        }
    }

    func testScalarsKeepTheirTextStyleAndLine() throws {
        let node = try XCTUnwrap(
            root("a: plain\nb: 'single'\nc: \"dou\\tble\"\nd: |\n  lit\n  eral\ne: >\n  fol\n  ded\nf:\n"))
        let mapping = try XCTUnwrap(node.mapping)
        XCTAssertEqual(mapping.pairs.map { $0.key.text }, ["a", "b", "c", "d", "e", "f"])
        XCTAssertEqual(mapping["a"]?.scalar, .init(text: "plain", style: .plain, line: 1))
        XCTAssertEqual(mapping["b"]?.scalar, .init(text: "single", style: .singleQuoted, line: 2))
        XCTAssertEqual(mapping["c"]?.scalar, .init(text: "dou\tble", style: .doubleQuoted, line: 3))
        XCTAssertEqual(mapping["d"]?.scalar, .init(text: "lit\neral\n", style: .literal, line: 4))
        XCTAssertEqual(mapping["e"]?.scalar, .init(text: "fol ded\n", style: .folded, line: 7))
        XCTAssertEqual(mapping["f"]?.scalar, .init(text: "", style: .plain, line: 10))
        XCTAssertEqual(mapping["f"]?.isNull, true)
        XCTAssertEqual(node.line, 1)
    }

    func testNullIsPlainOnly() throws {
        for (text, null) in [
            ("~", true), ("null", true), ("NULL", true), ("'null'", false), ("\"\"", false), ("nil", false),
        ] {
            XCTAssertEqual(try root("k: \(text)")?["k"]?.isNull, null, text)
        }
    }

    func testSequencesMappingsAndKeysThatAreNodes() throws {
        let node = try XCTUnwrap(root("- [a, b]\n- {x: 1}\n- ? [k]\n  : v\n"))
        let items = try XCTUnwrap(node.items)
        XCTAssertEqual(items.count, 3)
        XCTAssertEqual(items[0].items?.compactMap(\.text), ["a", "b"])
        XCTAssertEqual(items[1]["x"]?.text, "1")
        XCTAssertEqual(items[2].mapping?.pairs.first?.key.items?.first?.text, "k")
        XCTAssertEqual(items[2].line, 3)
    }

    func testDocumentsOneByOne() throws {
        let parser = YAMLParser("a: 1\n---\n- b\n---\n", options: strict)
        XCTAssertEqual(try parser.nextRoot()?["a"]?.text, "1")
        XCTAssertEqual(try parser.nextRoot()?.items?.first?.text, "b")
        XCTAssertEqual(try parser.nextRoot()?.scalar, .init(text: "", style: .plain, line: 5))
        XCTAssertNil(try parser.nextRoot())
        XCTAssertNil(try parser.nextRoot())
        XCTAssertNil(try root(""))
        XCTAssertNil(try root("# only a comment\n"))
    }

    func testSingleRootRefusesASecondDocumentAtItsLine() {
        XCTAssertThrowsError(try root("a\n---\nb\n")) { error in
            XCTAssertEqual(
                error as? YAMLError,
                YAMLError(line: 2, problem: "expected a single document, but found another document"))
        }
    }

    func testSyntaxErrorsHaveLibyamlsTextAndTheLine() {
        XCTAssertEqual(
            error("a: 1\nb: [unclosed\nc: d"), YAMLError(line: 3, problem: "did not find expected ',' or ']'"))
        XCTAssertEqual(error("k: \"unterminated"), YAMLError(line: 1, problem: "found unexpected end of stream"))
        XCTAssertEqual(error("a: b: c"), YAMLError(line: 1, problem: "mapping values are not allowed in this context"))
        XCTAssertEqual(error("a: 1\n\u{7}"), YAMLError(line: 2, problem: "control characters are not allowed"))
    }

    func testDuplicatedKeysAreSortedAtTheFirstOnesLine() {
        XCTAssertEqual(error("z: 1\nb: 1\na: 2\nb: 3\nz: 4\n"), YAMLError(line: 2, problem: "duplicated keys: b, z"))
        XCTAssertEqual(error("a: 1\n'a': 2"), YAMLError(line: 1, problem: "duplicated keys: a"))
        XCTAssertEqual(error("outer:\n  inner: {x: 1, x: 2}\n"), YAMLError(line: 2, problem: "duplicated keys: x"))
        XCTAssertNil(error("a: 1\n---\na: 2\n"))
    }

    func testAnchorsAndAliasesAreRefusedByDefault() {
        XCTAssertEqual(error("a: 1\nb: &x 2\n"), YAMLError(line: 2, problem: "anchors and aliases are not allowed"))
        XCTAssertEqual(error("- a\n- &x [b]\n"), YAMLError(line: 2, problem: "anchors and aliases are not allowed"))
        XCTAssertEqual(error("a: 1\nb: *x\n"), YAMLError(line: 2, problem: "anchors and aliases are not allowed"))
    }

    func testAliasesResolvedWithinTheNodeCap() throws {
        let options = YAMLOptions(maxDepth: 64, aliases: .resolve(maxNodes: 20))
        let node = try XCTUnwrap(root("base: &b {user: u, token: t}\ncopy: *b\nname: &n x\nagain: *n\n", options))
        XCTAssertEqual(node["copy"], node["base"])
        XCTAssertEqual(node["again"]?.text, "x")
        XCTAssertEqual(error("a: *missing", options), YAMLError(line: 1, problem: "found undefined alias"))
        // Each level doubles the size, every copy counted: 61 nodes (1 + 1 + 3, + 1 + 7, + 1 + 15, + 1 + 31).
        let laughs = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\n"
        XCTAssertEqual(
            error(laughs, options), YAMLError(line: 3, problem: "more than 20 nodes once aliases are resolved"))
        XCTAssertNil(error(laughs, YAMLOptions(maxDepth: 64, aliases: .resolve(maxNodes: 61))))
        XCTAssertEqual(
            error(laughs, YAMLOptions(maxDepth: 64, aliases: .resolve(maxNodes: 60))),
            YAMLError(line: 4, problem: "more than 60 nodes once aliases are resolved"))
    }

    func testABillionLaughsStopsAtTheCapQuickly() {
        var lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            lines.append(
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        let problem = error(
            lines.joined(separator: "\n"), YAMLOptions(maxDepth: 64, aliases: .resolve(maxNodes: 10_000)))
        XCTAssertEqual(problem?.problem, "more than 10000 nodes once aliases are resolved")
    }

    func testDepthIsCheckedBeforeDeeperNodesAreBuilt() {
        let options = YAMLOptions(maxDepth: 3)
        XCTAssertNil(error("[[[]]]", options))
        XCTAssertNil(error("[[x]]", options))
        XCTAssertEqual(error("[[[x]]]", options), YAMLError(line: 1, problem: "nested deeper than 3 levels"))
        XCTAssertEqual(
            error("a:\n  b:\n    c: d\n", options), YAMLError(line: 3, problem: "nested deeper than 3 levels"))
        XCTAssertEqual(
            error("a:\n  b:\n    - [x]\n", options), YAMLError(line: 3, problem: "nested deeper than 3 levels"))
        // An alias counts the depth of its copy.
        let resolving = YAMLOptions(maxDepth: 3, aliases: .resolve(maxNodes: 100))
        XCTAssertNil(error("- &a [x]\n- *a\n", resolving))
        XCTAssertEqual(
            error("- &a [x]\n- [*a]\n", resolving), YAMLError(line: 2, problem: "nested deeper than 3 levels"))
    }

    /// A megabyte of nesting is refused at the 65th level, without a tree or a deep stack, on a concurrency thread.
    func testAMegabyteOfNestingIsRefusedOnAConcurrencyThread() async {
        let shapes = [
            String(repeating: "[", count: 1 << 20), String(repeating: "{a: ", count: 1 << 18),
            String(repeating: "- ", count: 1 << 19) + "x",
        ]
        for text in shapes {
            let options = strict
            let problem = await Task.detached { () -> YAMLError? in
                do throws(YAMLError) {
                    _ = try YAMLParser.documents(text, options: options)
                    return nil
                } catch {
                    return error
                }
            }.value
            XCTAssertEqual(problem, YAMLError(line: 1, problem: "nested deeper than 64 levels"))
        }
    }

    /// Many siblings and many documents: linear (a quadratic step would take minutes here).
    func testLargeFlatInputIsLinear() throws {
        let keys = (0..<50_000).map { "k\($0): v\($0)" }.joined(separator: "\n")
        XCTAssertEqual(try root(keys)?.mapping?.pairs.count, 50_000)
        let items = String(repeating: "- x\n", count: 100_000)
        XCTAssertEqual(try root(items)?.items?.count, 100_000)
        let documents = String(repeating: "---\na: b\n", count: 20_000)
        XCTAssertEqual(try YAMLParser.documents(documents, options: strict).count, 20_000)
    }

    func testAfterAnErrorTheParserRepeatsIt() {
        let parser = YAMLParser("a\n---\n[", options: strict)
        XCTAssertEqual(try parser.nextRoot()?.text, "a")
        XCTAssertThrowsError(try parser.nextRoot())
        XCTAssertThrowsError(try parser.nextRoot())
    }

    func testUnicodeText() throws {
        XCTAssertEqual(try root("ключ: \"значение \\u00e9 🙂\"")?["ключ"]?.text, "значение é 🙂")
    }
}

import CYAML

/// A YAML problem: the 1-based line in the parsed text (nil when unknown) and a short text, libyaml's own for syntax
/// errors. Never quotes the input.
package struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    package let line: Int?
    package let problem: String

    package init(line: Int?, problem: String) {
        self.line = line
        self.problem = problem
    }

    package var description: String { line.map { "line \($0): \(problem)" } ?? problem }
}

/// What the parser accepts beyond plain YAML syntax.
package struct YAMLOptions: Sendable {
    /// What anchors (`&a`) and aliases (`*a`) do.
    package enum Aliases: Sendable, Equatable {
        /// Any anchor or alias is an error ("anchors and aliases are not allowed", at its line).
        case refuse
        /// Aliases are replaced by their anchored node; the document may then hold at most `maxNodes` nodes, aliases
        /// counted at their full size (so a few lines cannot expand to millions of nodes).
        case resolve(maxNodes: Int)
    }

    /// The deepest nesting allowed, the root being at depth 1; checked on events, before a deeper node is built.
    package var maxDepth: Int
    package var aliases: Aliases

    package init(maxDepth: Int, aliases: Aliases = .refuse) {
        self.maxDepth = maxDepth
        self.aliases = aliases
    }
}

/// Reads the documents of a YAML stream one by one with libyaml's event parser, building each tree with an explicit
/// stack (no recursion over the input's depth). Work and memory are linear in the input (aliases aside, which the
/// node cap bounds).
///
/// Refused, each with its line: syntax errors (libyaml's text), nesting deeper than `maxDepth`, anchors and aliases
/// (unless resolved), and mappings with duplicated scalar keys (`duplicated keys: a, b`, keys compared as text).
/// After an error the parser gives only that error.
package final class YAMLParser {
    /// On the heap: libyaml keeps a pointer to the parser in it (its string reader's data).
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let options: YAMLOptions
    private var finished = false
    private var failure: YAMLError?
    /// Resolved anchors: the node, its size in nodes and its height in levels.
    private var anchors: [String: (node: YAMLNode, size: Int, height: Int)] = [:]
    /// Nodes built so far, aliases at their full size (for `Aliases.resolve`).
    private var nodeCount = 0

    package init(_ text: String, options: YAMLOptions) {
        self.options = options
        let count = text.utf8.count
        input = .allocate(capacity: max(count, 1))
        _ = input.initialize(fromContentsOf: text.utf8)
        parser.initialize(to: yaml_parser_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next document's root, nil after the last one. An empty document (`---` alone) is an empty plain scalar.
    package func nextRoot() throws(YAMLError) -> YAMLNode? {
        if let failure { throw failure }
        if finished { return nil }
        do {
            return try readDocument()
        } catch {
            failure = error
            throw error
        }
    }

    /// The only document's root (nil for an empty stream); a second document is an error at its line.
    package func singleRoot() throws(YAMLError) -> YAMLNode? {
        let root = try nextRoot()
        guard root != nil else { return nil }
        guard !finished else { return root }
        do throws(YAMLError) {
            var event = try next()
            defer { yaml_event_delete(&event) }
            guard event.type == YAML_STREAM_END_EVENT else {
                throw YAMLError(
                    line: Self.line(event.start_mark), problem: "expected a single document, but found another document"
                )
            }
            finished = true
            return root
        } catch {
            failure = error
            throw error
        }
    }

    /// Every document's root.
    package static func documents(_ text: String, options: YAMLOptions) throws(YAMLError) -> [YAMLNode] {
        let parser = YAMLParser(text, options: options)
        var roots: [YAMLNode] = []
        while let root = try parser.nextRoot() { roots.append(root) }
        return roots
    }

    // MARK: - Events

    private static func line(_ mark: yaml_mark_t) -> Int { Int(mark.line) + 1 }

    private func next() throws(YAMLError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
        return event
    }

    private func parserError() -> YAMLError {
        let parser = parser.pointee
        let problem = parser.problem.map { String(cString: $0) } ?? "not valid YAML"
        switch parser.error {
        case YAML_READER_ERROR:
            // A byte offset: count the lines before it.
            let offset = min(Int(parser.problem_offset), input.count)
            var newlines = 0
            for byte in input.prefix(offset) where byte == UInt8(ascii: "\n") { newlines += 1 }
            return YAMLError(line: 1 + newlines, problem: problem)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            return YAMLError(line: Self.line(parser.problem_mark), problem: problem)
        case YAML_MEMORY_ERROR:
            return YAMLError(line: nil, problem: "out of memory")
        default:
            return YAMLError(line: nil, problem: problem)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, count: Int? = nil) -> String? {
        guard let pointer else { return nil }
        var length = 0
        if let count { length = count } else { while pointer[length] != 0 { length += 1 } }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// A collection being built.
    private struct Frame {
        let isMapping: Bool
        let line: Int
        let anchor: String?
        /// For a mapping: key, value, key, value...
        var children: [YAMLNode] = []
        var size = 1
        var height = 1
    }

    /// Reads events up to the end of one document; nil at the end of the stream.
    private func readDocument() throws(YAMLError) -> YAMLNode? {
        var stack: [Frame] = []
        var root: YAMLNode?
        anchors = [:]
        nodeCount = 0
        while true {
            var event = try next()
            defer { yaml_event_delete(&event) }
            let line = Self.line(event.start_mark)
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT:
                continue
            case YAML_STREAM_END_EVENT:
                finished = true
                return nil
            case YAML_DOCUMENT_END_EVENT:
                return root ?? .scalar(.init(text: "", style: .plain, line: line))
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                try admit(depth: stack.count + 1, line: line, anchor: data.anchor)
                let scalar = YAMLNode.Scalar(
                    text: Self.string(data.value, count: Int(data.length)) ?? "", style: Self.style(data.style),
                    line: line)
                add(.scalar(scalar), size: 1, height: 1, anchor: Self.string(data.anchor), to: &stack, root: &root)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                try admit(depth: stack.count + 1, line: line, anchor: anchor)
                stack.append(Frame(isMapping: isMapping, line: line, anchor: Self.string(anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = stack.removeLast()
                let node: YAMLNode
                if frame.isMapping {
                    try Self.checkDuplicates(frame.children)
                    var pairs: [YAMLNode.Mapping.Pair] = []
                    pairs.reserveCapacity(frame.children.count / 2)
                    var index = 0
                    while index + 1 < frame.children.count {
                        pairs.append(.init(key: frame.children[index], value: frame.children[index + 1]))
                        index += 2
                    }
                    node = .mapping(.init(pairs: pairs, line: frame.line))
                } else {
                    node = .sequence(.init(items: frame.children, line: frame.line))
                }
                add(node, size: frame.size, height: frame.height, anchor: frame.anchor, to: &stack, root: &root)
            case YAML_ALIAS_EVENT:
                guard case .resolve = options.aliases else {
                    throw YAMLError(line: line, problem: "anchors and aliases are not allowed")
                }
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw YAMLError(line: line, problem: "found undefined alias")
                }
                if stack.count + anchored.height > options.maxDepth {
                    throw YAMLError(line: line, problem: "nested deeper than \(options.maxDepth) levels")
                }
                try count(anchored.size, line: line)
                add(
                    anchored.node, size: anchored.size, height: anchored.height, anchor: nil,
                    to: &stack, root: &root)
            default:
                continue
            }
        }
    }

    /// The depth and anchor checks for a node about to be built.
    private func admit(depth: Int, line: Int, anchor: UnsafeMutablePointer<yaml_char_t>?) throws(YAMLError) {
        if depth > options.maxDepth {
            throw YAMLError(line: line, problem: "nested deeper than \(options.maxDepth) levels")
        }
        if anchor != nil, options.aliases == .refuse {
            throw YAMLError(line: line, problem: "anchors and aliases are not allowed")
        }
        try count(1, line: line)
    }

    /// Counts nodes against `Aliases.resolve`'s cap (without aliases, the input's size bounds the tree).
    private func count(_ nodes: Int, line: Int) throws(YAMLError) {
        guard case .resolve(let maxNodes) = options.aliases else { return }
        nodeCount += nodes
        if nodeCount > maxNodes {
            throw YAMLError(line: line, problem: "more than \(maxNodes) nodes once aliases are resolved")
        }
    }

    private func add(
        _ node: YAMLNode, size: Int, height: Int, anchor: String?, to stack: inout [Frame], root: inout YAMLNode?
    ) {
        if let anchor, case .resolve = options.aliases { anchors[anchor] = (node, size, height) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].children.append(node)
        stack[stack.count - 1].size += size
        stack[stack.count - 1].height = max(stack[stack.count - 1].height, height + 1)
    }

    /// Duplicated scalar keys, by text: `duplicated keys: a, b` (sorted), at the first occurrence of the first one.
    private static func checkDuplicates(_ children: [YAMLNode]) throws(YAMLError) {
        guard children.count > 2 else { return }
        var firstLines: [String: Int] = [:]
        var duplicated: Set<String> = []
        var index = 0
        while index < children.count {
            if case .scalar(let key) = children[index] {
                if firstLines[key.text] == nil { firstLines[key.text] = key.line } else { duplicated.insert(key.text) }
            }
            index += 2
        }
        guard !duplicated.isEmpty else { return }
        let sorted = duplicated.sorted()
        throw YAMLError(line: firstLines[sorted[0]], problem: "duplicated keys: \(sorted.joined(separator: ", "))")
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }
}

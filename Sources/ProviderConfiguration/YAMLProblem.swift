import Yams

/// A YAML error as a line (1-based, in the parsed text) and a short problem text.
enum YAMLProblem {
    static func describe(_ error: any Error) -> (line: Int?, problem: String) {
        guard let error = error as? YamlError else { return (nil, "\(error)") }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            // libyaml's own nesting bound (`YAMLNesting`), worded as `YAMLShape` words the same limit.
            if problem.hasPrefix("Maximum nesting level reached") { return (mark.line, "nested deeper than \(Limits.maxYAMLDepth) levels") }
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "duplicated keys: \(duplicates.joined(separator: ", "))")
        case .reader(let problem, let offset, _, let yaml):
            return (offset.map { 1 + yaml.utf8.prefix($0).filter { $0 == UInt8(ascii: "\n") }.count }, problem)
        default:
            return (nil, "\(error)")
        }
    }
}

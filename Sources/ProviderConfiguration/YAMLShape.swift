import Yams

/// The limits the mount puts on the `objects` YAML's shape: no anchors (so no aliases), nesting within
/// `Limits.maxYAMLDepth`. Keep the node's parser alive while checking: nodes hold their anchors weakly.
enum YAMLShape {
    /// The first problem, with its line in the parsed text; nil when the shape is acceptable.
    static func problem(in node: Node, depth: Int = 1) -> (line: Int?, problem: String)? {
        if depth > Limits.maxYAMLDepth { return (node.mark?.line, "nested deeper than \(Limits.maxYAMLDepth) levels") }
        if node.anchor != nil { return (node.mark?.line, "anchors and aliases are not allowed") }
        switch node {
        case .sequence(let sequence):
            for child in sequence {
                if let problem = problem(in: child, depth: depth + 1) { return problem }
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let problem = problem(in: key, depth: depth + 1) ?? problem(in: value, depth: depth + 1) { return problem }
            }
        default:
            break
        }
        return nil
    }
}

import CYaml

/// libyaml's own nesting bound (it refuses deeper input while parsing, before Yams builds any node), set to one
/// level past `Limits.maxYAMLDepth` so that `YAMLShape` still words the refusal. libyaml's default is 1000 levels,
/// which Yams would then build recursively on a Swift concurrency thread's smaller stack.
enum YAMLNesting {
    /// Sets the bound once; call before every parse.
    static let bounded: Void = {
        yaml_set_max_nest_level(Int32(Limits.maxYAMLDepth + 1))
    }()
}

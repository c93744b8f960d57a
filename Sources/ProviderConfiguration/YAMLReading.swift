import YAMLNodes

/// How the provider reads its YAML (`YAMLNodes`): nesting within `Limits.maxYAMLDepth`, checked before any deeper
/// node is built.
enum YAMLReading {
    /// The `objects` parameter: no anchors or aliases.
    static let objects = YAMLOptions(maxDepth: Limits.maxYAMLDepth)
    /// Manifest files (`lint`, `mount`): Kubernetes manifests may use anchors, so aliases are resolved, within a node
    /// cap (a file's other kinds, such as CustomResourceDefinitions, can be large).
    static let manifests = YAMLOptions(maxDepth: Limits.maxYAMLDepth, aliases: .resolve(maxNodes: 1_000_000))
}

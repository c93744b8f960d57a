import YAMLNodes

/// Whether a `spec.parameters` value reaches Kubernetes as a string: the field is a map of strings, and the API
/// server refuses anything else. Kubernetes reads manifests as YAML 1.1, so `yes`, `no`, `on`, `off`, `y` and `n`
/// are booleans there too.
enum ParameterValue {
    /// Why `node` is not a string value, or nil.
    static func problem(with node: YAMLNode) -> String? {
        guard case .scalar(let scalar) = node else { return "must be a string" }
        if YAMLScalar.isNull(node) { return "must be a string; write \"\" for an empty value" }
        guard scalar.style == .plain else { return nil }
        if case .string = YAMLScalar.value(of: scalar), !yaml11NonStrings.contains(scalar.text) { return nil }
        return "must be a string; quote it (\"\(scalar.text)\")"
    }

    /// Plain scalars YAML 1.1 types as booleans or special floats that go-yaml v3 (`YAMLScalar`) keeps as strings.
    private static let yaml11NonStrings: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF",
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
    ]
}

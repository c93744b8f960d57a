/// Hard limits on what one mount may ask for (docs/reference.md, Limits).
public enum Limits {
    /// Objects in one SecretProviderClass.
    public static let maxObjects = 1000
    /// Size of the `attributes` JSON.
    public static let maxAttributesBytes = 1 << 20
    /// One rendered file.
    public static let maxFileBytes = 1 << 20
    /// All files of one mount (the driver's gRPC limit is 4 MiB).
    public static let maxMountBytes = 3 * (1 << 20) + (1 << 19)
    /// Nesting depth of the `objects` YAML.
    public static let maxYAMLDepth = 64
    /// Nesting depth of a template's sections.
    public static let maxTemplateDepth = 64
}

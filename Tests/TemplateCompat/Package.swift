// swift-tools-version:6.2
import PackageDescription

/// Records how the old engine (swift-mustache 2.1.1, as the provider used it up to 891cc61) rendered a generated
/// corpus, into Tests/Fixtures/templates/compat.json, and compares the new TemplateEngine with it (README.md).
let package = Package(
    name: "TemplateCompat",
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
    ],
    targets: [
        // Symbolic links to the main package's sources.
        .target(name: "ProviderValues"),
        .target(name: "TemplateEngine"),
        // The provider's template files as of 891cc61 (copies, see extract-old.sh), on swift-mustache.
        .target(name: "OldTemplates", dependencies: ["ProviderValues", .product(name: "Mustache", package: "swift-mustache")]),
        // Links to the current template files of Sources/ProviderConfiguration, on TemplateEngine.
        .target(name: "NewTemplates", dependencies: ["ProviderValues", "TemplateEngine"]),
        .executableTarget(name: "template-compat", dependencies: ["OldTemplates", "NewTemplates", "ProviderValues"]),
    ]
)

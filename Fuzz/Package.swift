// swift-tools-version:6.2
// `make fuzz`: libFuzzer over the dependency-free configuration parsers. A package of its own, so that `make test`
// never builds the fuzzer (it only links with -sanitize=fuzzer), and the instrumented build stays small.
import PackageDescription

let package = Package(
    name: "provider-fuzz",
    dependencies: [.package(name: "vault-csi-provider", path: "..")],
    targets: [
        .executableTarget(
            name: "ConfigurationFuzzer",
            dependencies: [.product(name: "ProviderConfiguration", package: "vault-csi-provider")]
        ),
    ]
)

// swift-tools-version:6.2
// `make fuzz`: libFuzzer over the dependency-free configuration parsers, the template renderer and Vault answers'
// values.
// A package of its own, so that `make test` never builds the fuzzer (it only links with -sanitize=fuzzer), and the
// instrumented build stays small. ProviderValues (JSONValue, VaultLifetime, JSONPointer) is imported as the module
// under
// the ProviderConfiguration product: the root package exports no product of its own for it.
import PackageDescription

let package = Package(
    name: "provider-fuzz",
    dependencies: [.package(name: "vault-csi-provider", path: "..")],
    targets: [
        .executableTarget(
            name: "ConfigurationFuzzer",
            dependencies: [.product(name: "ProviderConfiguration", package: "vault-csi-provider")]
        )
    ]
)

// swift-tools-version:6.2
import PackageDescription

/// The shipped binary is linked by lld with packed relative relocations (RELR) and without exporting its symbols:
/// the dynamic loader then neither reads 3 MB of relocations nor maps 1 MB of symbol table at start, which took
/// idle RSS from 30.5 to 23.1 MiB (docs/decisions.md, "Performance and memory").
/// It also links libstdc++ statically (deploy/link/libstdc++.so, a linker script found before the system's library).
let releaseLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
            "-L", "\(Context.packageDirectory)/deploy/link",
        ],
        .when(platforms: [.linux], configuration: .release))
]

let package = Package(
    name: "vault-csi-provider",
    // Linux only: the provider calls Glibc directly (statfs for volume checks, file descriptors), so no
    // Apple platform is declared (the README says so).
    products: [
        .executable(name: "vault-csi-provider", targets: ["vault-csi-provider"]),
        .executable(name: "provider-demo", targets: ["provider-demo"]),
        .executable(name: "provider-bench", targets: ["provider-bench"]),
        // For the fuzzer package (Fuzz/), which links the parsers alone.
        .library(name: "ProviderConfiguration", targets: ["ProviderConfiguration"]),
    ],
    // Each direct dependency is pinned to the exact version CI tests, so that image builds are reproducible without a
    // committed Package.resolved (the README says how to move a pin).
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
    ],
    targets: [
        // Swift generated from Protos/ (committed; `make generate` rebuilds it).
        .target(
            name: "ProviderAPI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The leaf: value types every layer shares (JSON, timestamps, TLS settings, Duration units, base64url).
        // FoundationEssentials only: no shipped target imports full Foundation (`make foundation-check`).
        .target(name: "ProviderValues"),
        // Debian's libyaml-dev headers; YAMLNodes links its static library, so the binary needs no libyaml.so.
        .systemLibrary(name: "CYAML", providers: [.apt(["libyaml-dev"])]),
        // YAML documents as node trees over libyaml's event parser: no Foundation, bounded depth, no aliases by
        // default.
        .target(
            name: "YAMLNodes",
            dependencies: ["CYAML"],
            linkerSettings: [.linkedLibrary(":libyaml.a", .when(platforms: [.linux]))]
        ),
        // Pure parsing and validation: no networking, so fuzzing and `lint` build little.
        .target(
            name: "ProviderConfiguration",
            dependencies: ["ProviderValues", "TemplateEngine", "YAMLNodes"]
        ),
        // Mustache templates, parsed and rendered with the standard library alone (no Foundation, no ICU).
        .target(name: "TemplateEngine"),
        // The proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) read and matched as Go reads them.
        .target(
            name: "ProxyEnvironment"
        ),
        // AsyncHTTPClient clients built to one set of rules, their failures in one set of classes.
        .target(
            name: "HTTPTransport",
            dependencies: [
                "ProxyEnvironment",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // What the pipeline asks of Vault (VaultAPI, VaultConnector) and the values it exchanges (VaultRequest,
        // VaultResponse, VaultToken, VaultError): no NIO, no HTTP client. Not named VaultAPI, the protocol's name.
        .target(
            name: "VaultContract",
            dependencies: ["ProviderValues"]
        ),
        // HTTP to Vault: the pool of clients, TLS, retries, the request limit; VaultContract's seam over the wire.
        .target(
            name: "VaultClient",
            dependencies: [
                "ProviderValues",
                "VaultContract",
                "ProxyEnvironment",
                "HTTPTransport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The few Kubernetes API calls the provider makes: configuration, TokenRequest, Secrets.
        .target(
            name: "KubernetesClient",
            dependencies: [
                "ProviderValues",
                "ProxyEnvironment",
                "HTTPTransport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationEssentialsCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                "YAMLNodes",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // statfs(2)'s file-system type, for the check that a target is the driver's tmpfs volume.
        .target(name: "CFileSystemType"),
        // The core: identity, read plan, render, versions, file output.
        .target(
            name: "SecretsProvider",
            dependencies: [
                "CFileSystemType",
                "ProviderValues",
                "ProviderConfiguration",
                "VaultContract",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // What the executable's commands assemble: the Kubernetes adapters of the pipeline (TokenRequest, the HMAC
        // Secret), and the `mount` command's work (class, identity, version key, target, summary).
        .target(
            name: "ProviderWiring",
            dependencies: [
                "SecretsProvider", "ProviderConfiguration", "ProviderValues", "KubernetesClient", "VaultClient",
                "VaultContract", "ProxyEnvironment",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Log lines in JSON or text, and the reference's level names: shared by the daemon and the `mount` command.
        .target(
            name: "ProviderLogging",
            dependencies: ["ProviderValues", .product(name: "Logging", package: "swift-log")]
        ),
        // The command line: Go-style flags, the serve and mount options, lint's files and output, and the top-level
        // dispatch (usage, version, exit status). The executable keeps main and the serving's wiring.
        .target(
            name: "ProviderCommandLine",
            dependencies: [
                "ProviderConfiguration", "ProviderValues", "ProviderLogging", "ProviderWiring", "SecretsProvider",
                "VaultClient", "KubernetesClient", "ProxyEnvironment",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // gRPC service on the Unix socket, the health and metrics endpoint, and their lifecycle.
        .target(
            name: "ProviderServer",
            dependencies: [
                "ProviderValues",
                "ProviderAPI",
                "SecretsProvider",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "vault-csi-provider",
            dependencies: [
                "ProviderCommandLine", "ProviderServer", "ProviderLogging", "ProviderWiring", "SecretsProvider",
                "ProviderConfiguration", "ProviderValues", "KubernetesClient", "VaultClient", "VaultContract",
                "ProxyEnvironment",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: releaseLinkerSettings
        ),
        // A Vault in memory behind the `VaultAPI` seam, and a clock tests move: for the pipeline's fast tests.
        .target(
            name: "InMemoryVault",
            dependencies: ["ProviderValues", "VaultContract"]
        ),
        // OpenBao launcher, Kubernetes stand-in and token minting: shared by tests and the demo.
        .target(
            name: "ProviderTestSupport",
            dependencies: [
                "ProviderValues",
                "ProviderAPI",
                "ProviderConfiguration",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "provider-demo",
            dependencies: ["ProviderTestSupport", "ProviderConfiguration"]
        ),
        // `make bench`: the provider against direct Vault calls, side by side, in one run.
        .executableTarget(
            name: "provider-bench",
            dependencies: [
                "ProviderTestSupport",
                "ProviderValues",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TemplateEngineTests",
            dependencies: ["TemplateEngine", "ProviderConfiguration", "ProviderValues"]
        ),
        .testTarget(
            name: "ProviderValuesTests",
            dependencies: ["ProviderValues"]
        ),
        .testTarget(
            name: "ProxyEnvironmentTests",
            dependencies: ["ProxyEnvironment"]
        ),
        .testTarget(
            name: "VaultContractTests",
            dependencies: ["VaultContract", "ProviderValues"]
        ),
        .testTarget(
            name: "ProviderLoggingTests",
            dependencies: ["ProviderLogging"]
        ),
        .testTarget(
            name: "YAMLNodesTests",
            dependencies: ["YAMLNodes"]
        ),
        .testTarget(
            name: "HTTPTransportTests",
            dependencies: [
                "HTTPTransport", "ProxyEnvironment",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "ProviderConfigurationTests",
            dependencies: ["ProviderValues", "ProviderConfiguration"]
        ),
        .testTarget(
            name: "KubernetesClientTests",
            dependencies: [
                "KubernetesClient", "ProviderTestSupport", "ProxyEnvironment",
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "ProviderServerTests",
            dependencies: [
                "ProviderServer", "ProviderLogging", "ProviderAPI", "SecretsProvider", "ProviderConfiguration",
                "ProviderValues", "InMemoryVault",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line without the binary: flags, options, lint, dispatch and exit statuses.
        .testTarget(
            name: "ProviderCommandLineTests",
            dependencies: [
                "ProviderCommandLine", "ProviderConfiguration", "ProviderValues", "ProviderLogging", "ProviderWiring",
                "SecretsProvider", "VaultClient", "KubernetesClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "VaultClientTests",
            dependencies: [
                "VaultClient", "VaultContract", "ProxyEnvironment", "ProviderValues", "ProviderTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        // The daemon's Kubernetes wiring on scripted sources: the pod watch, the background services.
        .testTarget(
            name: "ProviderWiringTests",
            dependencies: [
                "ProviderWiring", "KubernetesClient", "SecretsProvider", "InMemoryVault", "ProviderTestSupport",
                "ProviderConfiguration",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "SecretsProviderTests",
            dependencies: ["ProviderValues", "SecretsProvider", "ProviderConfiguration", "VaultContract"]
        ),
        // The in-memory Vault's behaviour over time, and the contract it shares with OpenBao (OPENBAO_TESTS=1).
        .testTarget(
            name: "InMemoryVaultTests",
            dependencies: [
                "InMemoryVault", "VaultContract", "VaultClient", "ProviderTestSupport", "ProviderValues",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The fast tests: the pipeline on the in-memory Vault (`make check`).
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "InMemoryVault", "SecretsProvider", "ProviderConfiguration", "ProviderValues", "VaultContract",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ProviderServer",
                "ProviderWiring",
                "ProviderLogging",
                "KubernetesClient",
                "VaultClient",
                "VaultContract",
                "ProviderConfiguration",
                "ProviderAPI",
                "ProviderTestSupport",
                "SecretsProvider",
                "ProviderValues",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

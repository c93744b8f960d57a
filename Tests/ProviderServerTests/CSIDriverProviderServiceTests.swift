import Foundation
import GRPCCore
import GRPCInProcessTransport
import InMemoryVault
import Logging
import ProviderAPI
import ProviderConfiguration
import ProviderValues
import SecretsProvider
import Testing

@testable import ProviderServer

/// The driver's service as grpc-swift serves it, over the in-process transport, with the in-memory Vault behind the
/// pipeline: protobuf in and out, `grpc-timeout`, status codes, and gRPC's cancellation of an RPC. (A client that
/// gives up is seen by the server only over HTTP/2, as a reset stream: the OpenBao suites test that on the socket.)
@Suite struct CSIDriverProviderServiceTests {
    typealias Client = V1alpha1_CSIDriverProvider.Client<InProcessTransport.Client>

    /// Runs `body` against a served provider whose Vault has `secret/app` = {k: v} and role `app`.
    func withService(_ body: (Client, InMemoryVault) async throws -> Void) async throws {
        try await withService(serving: nil) { client, vault, _ in try await body(client, vault) }
    }

    /// The same, with the socket's serving state and the server, which `body` may shut down.
    func withService(
        serving: ServingState?,
        _ body: (Client, InMemoryVault, GRPCServer<InProcessTransport.Server>) async throws -> Void
    ) async throws {
        let vault = InMemoryVault()
        await vault.enable(.kv2, at: "secret")
        await vault.write("secret/app", ["k": "v"])
        await vault.addRole("app", VaultRole(boundServiceAccounts: ["default/app-sa"]))
        let logger = Logger(label: "service-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let settings = ProviderSettings(vault: VaultSettings(address: InMemoryVault.address), writeMode: .driver)
        let provider = MountPipeline(settings: settings, vault: vault, logger: logger)
        let transport = InProcessTransport()
        let service = CSIDriverProviderService(provider: provider, logger: logger, serving: serving)
        try await withGRPCServer(transport: transport.server, services: [service]) { server in
            try await withGRPCClient(transport: transport.client) { client in
                try await body(Client(wrapping: client), vault, server)
            }
        }
    }

    /// The Mount request the driver sends for pod `pod-1` with these class parameters.
    func request(_ parameters: [String: String]) -> V1alpha1_MountRequest {
        var attributes = ["roleName": "app", "secretProviderClass": "app"].merging(parameters) { $1 }
        attributes["csi.storage.k8s.io/pod.name"] = "app-0"
        attributes["csi.storage.k8s.io/pod.namespace"] = "default"
        attributes["csi.storage.k8s.io/pod.uid"] = "pod-1"
        attributes["csi.storage.k8s.io/serviceAccount.name"] = "app-sa"
        attributes["csi.storage.k8s.io/serviceAccount.tokens"] =
            JSONValue.object([
                "vault": .object([
                    "token": .string(InMemoryVault.serviceAccountJWT()),
                    "expirationTimestamp": .string("2099-01-01T00:00:00Z"),
                ])
            ]).canonicalJSON
        var request = V1alpha1_MountRequest()
        request.attributes = JSONValue.object(attributes.mapValues(JSONValue.string)).canonicalJSON
        request.secrets = "{}"
        request.targetPath = "/var/lib/kubelet/pods/pod-1/volumes/kubernetes.io~csi/secrets/mount"
        request.permission = "420"
        return request
    }

    /// The status a Mount ends with (`.ok` when it succeeded).
    func status(of mount: () async throws -> V1alpha1_MountResponse) async -> (RPCError.Code?, String) {
        do {
            _ = try await mount()
            return (nil, "")
        } catch let error as RPCError {
            return (error.code, error.message)
        } catch {
            return (.unknown, "\(error)")
        }
    }

    @Test func versionNamesTheAPIAndTheRuntime() async throws {
        try await withService { client, _ in
            var request = V1alpha1_VersionRequest()
            request.version = "v1alpha1"
            let response = try await client.version(request)
            #expect(response.version == "v1alpha1")
            #expect(response.runtimeName == "vault-csi-provider")
            #expect(response.runtimeVersion == BuildInfo.version)
        }
    }

    @Test func aMountReturnsItsFilesModesAndVersions() async throws {
        try await withService { client, _ in
            let response = try await client.mount(
                request(["objects": "- {objectName: k, secretPath: secret/data/app, secretKey: k}"]))
            #expect(response.files.map(\.path) == ["k"])
            #expect(response.files.map(\.contents) == [Data("v".utf8)])
            #expect(response.files.map(\.mode) == [420])
            #expect(response.objectVersion.map(\.id) == ["k"])
            #expect(response.objectVersion.allSatisfy { !$0.version.isEmpty })
        }
    }

    @Test func pipelineErrorsBecomeTheirStatusCodes() async throws {
        try await withService { client, vault in
            let malformed = await status { try await client.mount(request(["objects": "- objectName: [k"])) }
            #expect(malformed.0 == .invalidArgument)
            #expect(malformed.1.contains("objects"), "the message names the field: \(malformed.1)")
            let missing = await status {
                try await client.mount(request(["objects": "- {objectName: k, secretPath: secret/data/none}"]))
            }
            #expect(missing.0 == .notFound, "\(missing.1)")
            await vault.inject(.status(503, errors: ["Vault is sealed"]), pathPrefix: "/v1/secret", times: 10)
            let sealed = await status {
                try await client.mount(
                    request(["objects": "- {objectName: k, secretPath: secret/data/app, secretKey: k}"]))
            }
            #expect(sealed.0 == .unavailable)
            #expect(sealed.1.contains("Vault is sealed"), "Vault's own words reach the pod event: \(sealed.1)")
        }
    }

    @Test func theCallersGRPCTimeoutBoundsTheMount() async throws {
        try await withService { client, vault in
            await vault.inject(.delay(.seconds(30)), pathPrefix: "/v1/secret")
            let started = ContinuousClock.now
            let outcome = await status {
                try await client.mount(
                    request(["objects": "- {objectName: k, secretPath: secret/data/app, secretKey: k}"]),
                    metadata: ["grpc-timeout": "300m"])
            }
            #expect(outcome.0 == .deadlineExceeded, "\(outcome.1)")
            #expect(started.duration(to: .now) < .seconds(10))
        }
    }

    /// Starts a Mount whose Vault read is delayed by `delay`; returns once the read reached Vault.
    func mountReachingVault(
        _ client: Client, _ vault: InMemoryVault,
        delay: Duration
    ) async throws -> Task<V1alpha1_MountResponse, any Error> {
        await vault.inject(.delay(delay), pathPrefix: "/v1/secret")
        let objects = "- {objectName: k, secretPath: secret/data/app, secretKey: k}"
        let mount = Task { try await client.mount(request(["objects": objects])) }
        let waitLimit = ContinuousClock.now + .seconds(10)
        while await vault.inFlight == 0, ContinuousClock.now < waitLimit { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await vault.inFlight == 1, "the Mount reached Vault")
        return mount
    }

    @Test func anRPCCancelledByGRPCEndsItsVaultWork() async throws {
        let serving = ServingState()
        serving.set(true)
        try await withService(serving: serving) { client, vault, server in
            let mount = try await mountReachingVault(client, vault, delay: .seconds(60))
            server.beginGracefulShutdown()  // The in-process transport cancels every open RPC here.
            let outcome = await status { try await mount.value }
            #expect(outcome.0 == .cancelled, "\(outcome.1)")
            #expect(await vault.inFlight == 0, "the Vault request ended with the RPC, not after its 60 s delay")
        }
    }

    @Test func onceShutdownBeganInFlightMountsFinish() async throws {
        let serving = ServingState()
        serving.set(false)  // As ProviderGRPCService leaves it when graceful shutdown begins.
        try await withService(serving: serving) { client, vault, server in
            let mount = try await mountReachingVault(client, vault, delay: .milliseconds(300))
            server.beginGracefulShutdown()
            let response = try await mount.value
            #expect(response.files.map(\.contents) == [Data("v".utf8)])
        }
    }
}

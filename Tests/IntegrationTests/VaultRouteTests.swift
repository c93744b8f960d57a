import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import SecretsProvider
import VaultClient
import XCTest

/// How requests reach a real OpenBao: a Unix socket (as a Vault Agent serves one), proxies from the environment
/// Vault's Go client reads, `VAULT_MAX_RETRIES` and `VAULT_CLIENT_TIMEOUT`.
final class VaultRouteTests: ProviderTestCase {
    override func setUp() async throws {
        try await super.setUp()
        environment = try await DemoEnvironment.start(unixSocket: true)
        provider = try await startProvider()
    }

    /// Folders of providers run as binaries, removed after the leak scan has read their logs.
    private var binaryWork: [String] = []

    override func tearDown() async throws {
        try await super.tearDown()
        for work in binaryWork { try? FileManager.default.removeItem(atPath: work) }
    }

    private var socketAddress: String { "unix://" + environment.bao.unixSocketPath! }
    private var vaultPort: String { String(environment.bao.address.split(separator: ":").last!) }

    /// The provider, in-process, with these process-level settings.
    private func restart(address: String, environment variables: [String: String] = [:]) async throws {
        await provider.stop()
        let transport = try VaultTransportSettings(environment: variables)
        provider = try await ProviderHarness(transport: transport) { kubelet in
            ProviderSettings(vault: VaultSettings(address: address), kubeletDirectory: kubelet)
        }
    }

    private func mountFiles(_ extra: [String: String] = [:]) async throws -> [String: String] {
        let response = try await provider.driver.mount(
            attributes: attributes(Self.appObjects, extra),
            targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        return Dictionary(
            uniqueKeysWithValues: response.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    private func mountError(_ extra: [String: String] = [:]) async throws -> RPCError {
        do {
            _ = try await mountFiles(extra)
        } catch let error as RPCError {
            return error
        }
        XCTFail("the mount succeeded")
        throw TestSupportError("the mount succeeded")
    }

    /// The provider binary in place of the in-process one, with only `environment`; returns it and its folder.
    private func startBinary(environment variables: [String: String]) async throws -> (ProviderProcess, String) {
        await provider.stop()
        let work = provider.workDirectory + "-binary"
        try FileManager.default.createDirectory(atPath: work + "/kubelet/pods", withIntermediateDirectories: true)
        binaryWork.append(work)
        let process = try await ProviderProcess.start(
            executable: ProviderBinary.path, socketPath: work + "/vault.sock",
            arguments: ["-kubelet-dir=\(work)/kubelet", "-health-addr=127.0.0.1:0"], logPath: work + "/provider.log",
            environment: variables)
        return (process, work)
    }

    // MARK: Unix sockets

    func testAUnixSocketAddressServesLoginAndReads() async throws {
        try await restart(address: socketAddress)
        let files = try await mountFiles()
        XCTAssertEqual(files, DemoEnvironment.appSecret)
    }

    func testAClassMayNotAimTheProviderAtASocket() async throws {
        let error = try await mountError(["vaultAddress": socketAddress])
        XCTAssertEqual(error.code, .invalidArgument, error.message)
        XCTAssertTrue(
            error.message.hasPrefix(
                "vaultAddress: unix:// addresses are only accepted from the provider's own settings"), error.message)
    }

    /// The binary, as vault-helm's default install runs it: `VAULT_AGENT_ADDR` (which beats `VAULT_ADDR`) is the
    /// agent's socket, and readiness probes Vault through it.
    func testTheBinaryTakesVaultAgentAddrOverVaultAddrForMountsAndReadiness() async throws {
        let (process, work) = try await startBinary(environment: [
            "VAULT_AGENT_ADDR": socketAddress, "VAULT_ADDR": "http://127.0.0.1:9",
        ])
        let ready = try await PlainHTTP.get("http://127.0.0.1:\(try await process.healthPort())/health/ready")
        XCTAssertEqual(ready.status, 200, ready.body)
        let driver = try DriverClient(socketPath: process.socketPath)
        let response = try await driver.mount(attributes: attributes(Self.appObjects), targetPath: work + "/absent")
        XCTAssertEqual(response.files.count, 2)
        await driver.close()
        _ = await process.stop()
    }

    // MARK: proxies

    /// `vault.test` resolves only inside the proxy: a mount that works went through it.
    func testHTTPProxyCarriesVaultUnderANameOnlyTheProxyResolves() async throws {
        let proxy = try await ConnectProxy.start(resolving: ["vault.test": "127.0.0.1"])
        try await restart(address: "http://vault.test:\(vaultPort)", environment: ["HTTP_PROXY": proxy.url])
        let files = try await mountFiles()
        XCTAssertEqual(files, DemoEnvironment.appSecret)
        XCTAssertTrue(proxy.tunnels.contains("vault.test:\(vaultPort)"), "\(proxy.tunnels)")
        await proxy.stop()
    }

    /// The same through the binary, which reads the variable (lower case here) from its own environment.
    func testTheBinaryReadsHTTPProxyFromItsEnvironment() async throws {
        let proxy = try await ConnectProxy.start(resolving: ["vault.test": "127.0.0.1"])
        let (process, work) = try await startBinary(environment: ["http_proxy": proxy.url])
        let driver = try DriverClient(socketPath: process.socketPath)
        let response = try await driver.mount(
            attributes: attributes(Self.appObjects, ["vaultAddress": "http://vault.test:\(vaultPort)"]),
            targetPath: work + "/absent")
        XCTAssertEqual(response.files.count, 2)
        XCTAssertFalse(proxy.tunnels.isEmpty)
        await driver.close()
        _ = await process.stop()
        await proxy.stop()
    }

    func testNoProxySendsTheRequestDirect() async throws {
        let proxy = try await ConnectProxy.start(resolving: ["vault.test": "127.0.0.1"])
        try await restart(
            address: "http://vault.test:\(vaultPort)",
            environment: ["HTTP_PROXY": proxy.url, "NO_PROXY": ".example,vault.test"])
        // Direct, `vault.test` does not resolve: the proxy was bypassed.
        let error = try await mountError()
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertEqual(proxy.tunnels, [])
        await proxy.stop()
    }

    func testLoopbackIsNeverProxied() async throws {
        let proxy = try await ConnectProxy.start(resolving: [:])
        for host in ["127.0.0.1", "localhost"] {
            try await restart(
                address: "http://\(host):\(vaultPort)",
                environment: ["HTTP_PROXY": proxy.url, "HTTPS_PROXY": proxy.url])
            let files = try await mountFiles()
            XCTAssertEqual(files, DemoEnvironment.appSecret, host)
        }
        XCTAssertEqual(proxy.tunnels, [])
        await proxy.stop()
    }

    /// `VAULT_PROXY_ADDR` is Go's `http.ProxyURL`: every Vault request, loopback and `NO_PROXY` notwithstanding.
    func testVaultProxyAddrTakesEveryRequest() async throws {
        let proxy = try await ConnectProxy.start(resolving: [:])
        try await restart(
            address: environment.bao.address, environment: ["VAULT_PROXY_ADDR": proxy.url, "NO_PROXY": "*"])
        let files = try await mountFiles()
        XCTAssertEqual(files, DemoEnvironment.appSecret)
        XCTAssertTrue(
            proxy.tunnels.allSatisfy { $0 == "127.0.0.1:\(vaultPort)" } && !proxy.tunnels.isEmpty, "\(proxy.tunnels)")
        await proxy.stop()
    }

    // MARK: retries and timeout

    func testMaxRetriesZeroMakesOneAttempt() async throws {
        let faults = try await FaultProxy.start(upstream: environment.bao.address)
        try await restart(address: faults.address, environment: ["VAULT_MAX_RETRIES": "0"])
        faults.inject(.status(503, errors: ["Vault is sealed"]), onPathContaining: "/v1/secret/data/app")
        let error = try await mountError()
        XCTAssertEqual(error.code, .unavailable, error.message)
        XCTAssertEqual(faults.requests(pathContaining: "/v1/secret/data/app").count, 1, "\(faults.requests)")
        await faults.stop()
    }

    func testClientTimeoutEndsASlowRequestWithinTheMountsDeadline() async throws {
        let faults = try await FaultProxy.start(upstream: environment.bao.address)
        try await restart(address: faults.address, environment: ["VAULT_CLIENT_TIMEOUT": "1s"])
        faults.inject(.slow(.seconds(10)), onPathContaining: "/v1/secret/data/app")
        let started = ContinuousClock.now
        let error = try await mountError()
        XCTAssertEqual(error.code, .deadlineExceeded, error.message)
        XCTAssertLessThan(started.duration(to: .now), .seconds(5), "the 30 s call ended at VAULT_CLIENT_TIMEOUT")
        await faults.stop()
    }
}

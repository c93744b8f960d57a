import Foundation
import GRPCCore
import ProviderLogging
import ProviderTestSupport
import XCTest

/// The operations surface of the real binary: health, readiness, metrics, log formats and graceful shutdown.
final class OperationsTests: LeakCheckedTestCase {
    var environment: DemoEnvironment!
    var work: String!

    override func setUp() async throws {
        try await super.setUp()
        environment = try await DemoEnvironment.start()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: work + "/kubelet/pods", withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        await environment?.stop()
        try await super.tearDown()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    private func startProvider(
        _ arguments: [String], name: String = "provider", environment variables: [String: String] = [:]
    )
        async throws -> ProviderProcess
    {
        try await ProviderProcess.start(
            executable: ProviderBinary.path, socketPath: "\(work!)/\(name)/vault.sock",
            arguments: ["-kubelet-dir=\(work!)/kubelet", "-write-mode=driver"] + arguments,
            logPath: "\(work!)/\(name).log", environment: variables)
    }

    private func attributes(_ objects: String) -> String {
        environment.attributes(parameters: ["roleName": environment.role, "objects": objects])
    }

    private static let objects = """
        - {objectName: username, secretPath: secret/data/app, secretKey: username}
        - {objectName: password, secretPath: secret/data/app, secretKey: password}
        """

    func testReadyLiveAndMetricsCountMountsLoginsCachesAndVaultRequests() async throws {
        let provider = try await startProvider(["-vault-addr=\(environment.bao.address)"])
        defer { Task { await provider.stop() } }
        let base = "http://127.0.0.1:\(try await provider.healthPort())"
        let live = try await PlainHTTP.get(base + "/health/live")
        XCTAssertEqual(live.status, 200)
        let ready = try await PlainHTTP.get(base + "/health/ready")
        XCTAssertEqual(ready.status, 200, ready.body)
        let unknown = try await PlainHTTP.get(base + "/healthz")
        XCTAssertEqual(unknown.status, 404)

        let driver = try DriverClient(socketPath: provider.socketPath)
        _ = try await driver.version()
        for _ in 0..<2 {
            let response = try await driver.mount(attributes: attributes(Self.objects), targetPath: "\(work!)/target")
            XCTAssertEqual(response.files.count, 2)
        }
        do {
            _ = try await driver.mount(attributes: attributes("- {objectName: a}"), targetPath: "\(work!)/target")
            XCTFail("a mount without secretPath must fail")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .invalidArgument)
        }
        await driver.close()

        let scrape = try await PlainHTTP.get(base + "/metrics")
        XCTAssertEqual(scrape.status, 200)
        let metrics = scrape.body
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_mount_requests_total", ["result": "ok"]), 2, metrics)
        XCTAssertEqual(
            Self.value(metrics, "vault_csi_provider_mount_requests_total", ["result": "invalid_argument"]), 1, metrics)
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_mount_duration_seconds_count", [:]), 3, metrics)
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_mounts_in_flight", [:]), 0, metrics)
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_logins_total", [:]), 1, metrics)
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_cache_misses_total", ["cache": "token"]), 1, metrics)
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_cache_hits_total", ["cache": "token"]), 1, metrics)
        // One login (POST) and one read per mount (both objects share secret/data/app).
        XCTAssertEqual(
            Self.value(metrics, "vault_csi_provider_vault_requests_total", ["method": "POST", "code_class": "2xx"]), 1,
            metrics)
        XCTAssertEqual(
            Self.value(metrics, "vault_csi_provider_vault_requests_total", ["method": "GET", "code_class": "2xx"]), 2,
            metrics)
        XCTAssertEqual(Self.value(metrics, "vault_csi_provider_vault_request_duration_seconds_count", [:]), 3, metrics)
        for secret in DemoEnvironment.appSecret.values {
            XCTAssertFalse(metrics.contains(secret), "a secret value in the metrics")
        }

        // Every line is one JSON object with the spec's keys; each call is logged with its method and code.
        let lines = try provider.logContents.split(separator: "\n").map { line in
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
        }
        for line in lines {
            for key in ["time", "level", "message", "logger"] { XCTAssertNotNil(line[key], "\(line) lacks \(key)") }
        }
        let mounts = lines.filter { $0["message"] as? String == "mount succeeded" }
        XCTAssertEqual(mounts.count, 2)
        let mount = try XCTUnwrap(mounts.first)
        XCTAssertEqual(mount["method"] as? String, "Mount")
        XCTAssertEqual(mount["code"] as? String, "ok")
        XCTAssertEqual(mount["pod"] as? String, environment.pod.name)
        XCTAssertEqual(mount["namespace"] as? String, environment.pod.namespace)
        XCTAssertEqual(mount["objects"] as? String, "2")
        XCTAssertNotNil(mount["duration_ms"])
        let failed = try XCTUnwrap(lines.first { $0["message"] as? String == "mount failed" })
        XCTAssertEqual(failed["code"] as? String, "invalid_argument")
        XCTAssertTrue(
            lines.contains {
                $0["method"] as? String == "Version" && $0["code"] as? String == "ok" && $0["duration_ms"] != nil
            })
    }

    func testNotReadyWhileTheExplicitVaultIsUnreachableAndReadyWithoutAnExplicitAddress() async throws {
        // Nothing listens on port 1: the flag's Vault is down, so the node is not ready, yet alive.
        let down = try await startProvider(["-vault-addr=http://127.0.0.1:1"], name: "down")
        let downBase = "http://127.0.0.1:\(try await down.healthPort())"
        let ready = try await PlainHTTP.get(downBase + "/health/ready")
        XCTAssertEqual(ready.status, 503)
        XCTAssertTrue(ready.body.contains("Vault http://127.0.0.1:1 did not answer /v1/sys/health"), ready.body)
        let live = try await PlainHTTP.get(downBase + "/health/live")
        XCTAssertEqual(live.status, 200)
        let downStatus = await down.stop()
        XCTAssertEqual(downStatus, 0)

        // The environment counts as explicit too.
        let fromEnvironment = try await startProvider(
            [], name: "env", environment: ["VAULT_ADDR": "http://127.0.0.1:1"])
        let environmentReady = try await PlainHTTP.get(
            "http://127.0.0.1:\(try await fromEnvironment.healthPort())/health/ready")
        XCTAssertEqual(environmentReady.status, 503)
        await fromEnvironment.stop()

        // No explicit address: the built-in default is never probed, and the socket alone decides.
        let implicit = try await startProvider([], name: "implicit")
        let implicitReady = try await PlainHTTP.get("http://127.0.0.1:\(try await implicit.healthPort())/health/ready")
        XCTAssertEqual(implicitReady.status, 200, implicitReady.body)
        await implicit.stop()
    }

    func testTextLogFormat() async throws {
        // -debug as HashiCorp's Helm chart passes it: deprecated, the same as -log-level=debug.
        let provider = try await startProvider([
            "-vault-addr=\(environment.bao.address)", "-log-format=text", "--debug=true",
        ])
        let driver = try DriverClient(socketPath: provider.socketPath)
        _ = try await driver.mount(attributes: attributes(Self.objects), targetPath: "\(work!)/target")
        await driver.close()
        let status = await provider.stop()
        XCTAssertEqual(status, 0)
        let lines = provider.logContents.split(separator: "\n")
        XCTAssertFalse(lines.isEmpty)
        for line in lines {
            XCTAssertNil(
                try? JSONSerialization.jsonObject(with: Data(line.utf8)), "a JSON line in text format: \(line)")
        }
        XCTAssertTrue(lines.contains { $0.contains(" debug vault-csi-provider: ") }, "-debug turns debug lines on")
        let mount = try XCTUnwrap(lines.first { $0.contains("mount succeeded") }, provider.logContents)
        XCTAssertTrue(mount.contains(" info vault-csi-provider: mount succeeded "), String(mount))
        for pair in [
            "pod=\(environment.pod.name)", "namespace=\(environment.pod.namespace)", "code=ok", "method=Mount",
            "objects=2",
        ] {
            XCTAssertTrue(mount.contains(pair), "\(mount) lacks \(pair)")
        }
    }

    /// SIGTERM while a mount waits on a slow Vault: the mount completes, readiness drops, the process exits 0 and
    /// removes its socket.
    func testSIGTERMDuringAMountLetsItFinishThenExitsCleanly() async throws {
        let url = try XCTUnwrap(URL(string: environment.bao.address))
        let proxy = try await DelayProxy.start(
            targetHost: try XCTUnwrap(url.host), targetPort: try XCTUnwrap(url.port),
            delay: .milliseconds(600))
        defer { Task { await proxy.stop() } }
        let provider = try await startProvider(["-vault-addr=\(proxy.address)", "-log-level=debug"])
        let base = "http://127.0.0.1:\(try await provider.healthPort())"
        let driver = try DriverClient(socketPath: provider.socketPath)
        let attributes = attributes(Self.objects)
        let target = "\(work!)/target"
        let mount = Task { try await driver.mount(attributes: attributes, targetPath: target) }
        // The login alone takes 1.2 s through the proxy: wait until the provider is inside it.
        try await Task.sleep(for: .milliseconds(400))
        provider.send(signal: SIGTERM)
        var sawNotReady = false
        for _ in 0..<50 where !sawNotReady {
            if let ready = try? await PlainHTTP.get(base + "/health/ready", timeout: .seconds(1)) {
                sawNotReady = ready.status == 503
            }
            if !sawNotReady { try await Task.sleep(for: .milliseconds(20)) }
        }
        XCTAssertTrue(sawNotReady, "readiness must drop once shutdown begins")
        let response = try await mount.value
        XCTAssertEqual(response.files.map(\.path).sorted(), ["password", "username"])
        await driver.close()
        let status = await provider.waitForExit(timeout: .seconds(20))
        XCTAssertEqual(status, 0, provider.logContents)
        XCTAssertFalse(FileManager.default.fileExists(atPath: provider.socketPath), "the socket is removed on exit")
        XCTAssertTrue(provider.logContents.contains("shutting down: finishing in-flight mounts"), provider.logContents)
    }

    /// The value of the sample `name{labels}` in Prometheus text; nil when absent.
    static func value(_ text: String, _ name: String, _ labels: [String: String]) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            let series = parts[0]
            let metric = series.prefix { $0 != "{" }
            guard metric == name else { continue }
            let labelText = series.dropFirst(metric.count)
            let pairs = labelText.isEmpty ? [] : labelText.dropFirst().dropLast().split(separator: ",").map(String.init)
            let found = Dictionary(
                uniqueKeysWithValues: pairs.map { pair -> (String, String) in
                    let key = pair.prefix { $0 != "=" }
                    return (String(key), String(pair.dropFirst(key.count + 2).dropLast()))
                })
            if found == labels { return Double(parts[1]) }
        }
        return nil
    }
}

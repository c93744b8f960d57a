import Foundation
import GRPCCore
import ProviderConfiguration
import ProviderTestSupport
import SecretsProvider
import XCTest

/// A drop-in for the OpenBao fork's provider: its socket name, flags, variables, parameter names and audience.
final class OpenBaoDialectTests: ProviderTestCase {
    private var work: String!

    override func setUp() async throws {
        try await super.setUp()
        // The fork's CSIDriver requests tokens for audience "openbao", and its roles check that audience.
        try await VaultTestSetup.createKubernetesRole(
            environment.bao, name: "fork-app", serviceAccounts: [environment.pod.serviceAccount],
            namespaces: [environment.pod.namespace], audience: "openbao", policies: ["app"])
        work = provider.workDirectory + "-fork"
        try FileManager.default.createDirectory(atPath: work + "/provider", withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try await super.tearDown()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    private static let forkObjects = """
        - objectName: "password"
          secretPath: "secret/data/app"
          secretKey: "password"
        """

    /// The fork's DaemonSet: `-endpoint=/provider/openbao.sock -debug=false`, uid 1000 (its chown init container
    /// gives it the socket directory), no kubelet mount (driver mode), BAO_ADDR set by the user. The class is the
    /// fork's: `provider: openbao` (so the driver dials openbao.sock), bao* parameters, no audience (so "openbao").
    func testAForkClassMountsOnAProviderStartedAsTheForksDaemonSet() async throws {
        guard chown(work + "/provider", 1000, 1000) == 0 else {
            throw TestSupportError("chown: \(String(cString: strerror(errno)))")
        }
        let kubeconfig = work + "/kubeconfig"
        try environment.kubernetes.kubeconfig().write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        chmod(kubeconfig, 0o644)
        let process = try await ProviderProcess.start(
            executable: ProviderBinary.path, socketPath: work + "/provider/openbao.sock", arguments: ["-debug=false"],
            logPath: work + "/provider.log",
            // BAO_ADDR wins over VAULT_ADDR, which points nowhere.
            environment: [
                "BAO_ADDR": environment.bao.address, "VAULT_ADDR": "http://127.0.0.1:9", "KUBECONFIG": kubeconfig,
            ],
            runAsUser: 1000)
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        XCTAssertTrue(status.contains("Uid:\t1000\t1000\t1000\t1000"), status)
        let socket = try FileManager.default.attributesOfItem(atPath: process.socketPath)
        XCTAssertEqual((socket[.ownerAccountID] as? NSNumber)?.intValue, 1000)
        XCTAssertEqual((socket[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        let driver = try DriverClient(socketPath: process.socketPath)
        let attributes = environment.attributes(
            parameters: ["roleName": "fork-app", "baoAddress": "", "objects": Self.forkObjects],
            token: environment.podToken(audience: "openbao"), audience: "openbao")
        let response = try await driver.mount(
            attributes: attributes, targetPath: work + "/pods/uid/volumes/secrets/mount")
        XCTAssertEqual(response.files.map(\.path), ["password"], "driver mode: the files go back to the driver")
        XCTAssertEqual(response.files.first?.contents, Data(DemoEnvironment.appSecret["password"]!.utf8))
        XCTAssertNotNil(
            environment.kubernetes.secret(namespace: "csi", name: "openbao-csi-provider-hmac-key"),
            "the fork's HMAC key Secret name")
        XCTAssertNil(environment.kubernetes.secret(namespace: "csi", name: "vault-csi-provider-hmac-key"))
        await driver.close()
        let code = await process.stop()
        XCTAssertEqual(code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: process.socketPath))
    }

    /// Class parameters: bao, then openbao, then vault; a prefixed role beats plain roleName.
    func testThePrefixOrderHoldsWhenSeveralAreSet() async throws {
        let dead = "http://127.0.0.1:9"
        let attributes = environment.attributes(parameters: [
            "baoAddress": environment.bao.address, "openbaoAddress": dead, "vaultAddress": dead,
            "openbaoRoleName": environment.role, "vaultRoleName": "nobody", "roleName": "nobody",
            "objects": Self.appObjects,
        ])
        let response = try await provider.driver.mount(
            attributes: attributes, targetPath: try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(response.files.count, 2)
        // An empty bao* name does not count: openbaoAddress is next, and it points nowhere.
        let fallsThrough = environment.attributes(parameters: [
            "baoAddress": "", "openbaoAddress": dead, "vaultAddress": environment.bao.address,
            "roleName": environment.role,
            "objects": Self.appObjects,
        ])
        do {
            _ = try await provider.driver.mount(
                attributes: fallsThrough, targetPath: try provider.targetPath(podUID: "x", create: false))
            XCTFail("openbaoAddress should have been used")
        } catch let error as RPCError {
            XCTAssertEqual(error.code, .unavailable, error.message)
            XCTAssertTrue(error.message.contains("127.0.0.1:9"), error.message)
        }
    }

    /// With the Vault names, the defaults stay HashiCorp's: audience `vault`, whatever the fork's names allow.
    func testAnotherEndpointKeepsTheVaultDefaults() async throws {
        let process = try await ProviderProcess.start(
            executable: ProviderBinary.path, socketPath: work + "/provider/vault.sock",
            arguments: ["-default-audience=openbao"],
            logPath: work + "/vault.log", environment: ["BAO_ADDR": environment.bao.address])
        let driver = try DriverClient(socketPath: process.socketPath)
        let attributes = environment.attributes(
            parameters: ["baoRoleName": "fork-app", "objects": Self.forkObjects],
            token: environment.podToken(audience: "openbao"), audience: "openbao")
        let response = try await driver.mount(attributes: attributes, targetPath: work + "/absent")
        XCTAssertEqual(response.files.count, 1, "-default-audience overrides the endpoint's default")
        await driver.close()
        _ = await process.stop()
    }
}

import Foundation
import KubernetesClient
import Logging
import ProviderConfiguration
import ProviderTestSupport
import ProviderWiring
import SecretsProvider
import VaultClient
import XCTest

/// `vault-csi-provider mount`: the real binary against a real OpenBao and the Kubernetes stand-in's kubeconfig.
final class MountCommandTests: LeakCheckedTestCase {
    var environment: DemoEnvironment!
    var work: String!

    static let hmacNamespace = "csi"
    static let hmacName = "vault-csi-provider-hmac-key"

    override func setUp() async throws {
        try await super.setUp()
        environment = try await DemoEnvironment.start()
        work =
            FileManager.default.temporaryDirectory.appendingPathComponent("mount-cli-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try environment.kubernetes.kubeconfig().write(toFile: kubeconfig, atomically: true, encoding: .utf8)
    }

    override func tearDown() async throws {
        await environment?.stop()
        try await super.tearDown()
        if let work { try? FileManager.default.removeItem(atPath: work) }
    }

    var kubeconfig: String { work + "/kubeconfig" }

    static let appObjects = """
        - objectName: username
          secretPath: secret/data/app
          secretKey: username
        - objectName: password
          secretPath: secret/data/app
          secretKey: password
          filePermission: 0600
        """

    /// A manifest as `kubectl get -o yaml` or a Helm chart gives it: a ConfigMap and two classes.
    func manifest(role: String = "app", provider: String = "vault") -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unrelated, namespace: default}
        data: {roleName: not-this-one}
        ---
        apiVersion: secrets-store.csi.x-k8s.io/v1
        kind: SecretProviderClass
        metadata:
          name: app-secrets
          namespace: default
        spec:
          provider: \(provider)
          parameters:
            roleName: \(role)
            objects: |
        \(Self.appObjects.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        ---
        apiVersion: secrets-store.csi.x-k8s.io/v1
        kind: SecretProviderClass
        metadata:
          name: config
        spec:
          provider: vault
          parameters:
            roleName: app
            objects: |
              - {objectName: api_url, secretPath: secret/data/config, secretKey: api_url}
        """
    }

    func writeManifest(_ text: String, name: String = "classes.yaml") throws -> String {
        let path = work + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the binary with Vault's address, no ambient kubeconfig and a HOME without `.kube`.
    func run(_ arguments: [String]) throws -> CommandRunner.Output {
        try run(
            arguments,
            environment: [
                "VAULT_ADDR": environment.bao.address, "VAULT_NAMESPACE": "", "VAULT_CACERT": "", "VAULT_CAPATH": "",
                "VAULT_SKIP_VERIFY": "", "KUBECONFIG": "", "HOME": work,
            ])
    }

    /// Runs `vault-csi-provider mount` with exactly these environment additions; the leak scan sees its output.
    func run(_ arguments: [String], environment: [String: String]) throws -> CommandRunner.Output {
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: ProviderBinary.path), "build the vault-csi-provider product first")
        let output = try CommandRunner.run(ProviderBinary.path, ["mount"] + arguments, environment: environment)
        LeakWatch.shared.record(output.stdout + "\n" + output.stderr, source: "the output of vault-csi-provider mount")
        return output
    }

    /// The pod's identity flags.
    var pod: [String] {
        ["--namespace", environment.pod.namespace, "--service-account", environment.pod.serviceAccount]
    }

    /// The table rows of a summary: path -> (size, mode, version).
    func rows(_ summary: String) -> [String: [String]] {
        let lines = summary.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("PATH ") }) else { return [:] }
        var rows: [String: [String]] = [:]
        for line in lines[(header + 1)...] {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 4 else { continue }
            rows[fields[0]] = Array(fields[1...])
        }
        return rows
    }

    func assertNoSecretValue(_ output: CommandRunner.Output, file: StaticString = #filePath, line: UInt = #line) {
        for value in DemoEnvironment.appSecret.values {
            XCTAssertFalse(
                output.stdout.contains(value) || output.stderr.contains(value), "a secret value was printed",
                file: file, line: line)
        }
    }

    /// A class naming an in-cluster Vault, mounted from "a laptop" through `-vault-addr` (a port-forward).
    func testVaultAddrReplacesTheClassAddress() throws {
        let inCluster = manifest().replacingOccurrences(
            of: "    roleName: app\n    objects: |\n      - objectName: username",
            with:
                """
                    roleName: app\n    vaultAddress: http://vault.vault.svc.invalid:8200\n    objects: |\n      - \
                objectName: username
                """
        )
        XCTAssertTrue(
            inCluster.contains("vault.vault.svc.invalid"), "the class names an address this machine cannot reach")
        let file = try writeManifest(inCluster)
        let unreachable = try run(
            pod + [file, "-class", "app-secrets", "-target", work + "/a", "-kubeconfig", kubeconfig, "-timeout", "5s"])
        XCTAssertEqual(unreachable.status, 1, unreachable.stdout)
        XCTAssertTrue(unreachable.stderr.contains("vault.vault.svc.invalid"), unreachable.stderr)

        let forwarded = try run(
            pod + [
                file, "-class", "app-secrets", "-target", work + "/b", "-kubeconfig", kubeconfig,
                "-vault-addr", environment.bao.address,
            ])
        XCTAssertEqual(forwarded.status, 0, forwarded.stderr)
        XCTAssertEqual(readText(work + "/b/password"), DemoEnvironment.appSecret["password"])
        XCTAssertTrue(forwarded.stdout.contains("vault:    \(environment.bao.address), role app"), forwarded.stdout)

        // A class written for the OpenBao fork names its address baoAddress, which would win over vaultAddress:
        // -vault-addr replaces it too.
        let forkFile = try writeManifest(inCluster.replacingOccurrences(of: "vaultAddress:", with: "baoAddress:"))
        let forkForwarded = try run(
            pod + [
                forkFile, "-class", "app-secrets", "-target", work + "/c", "-kubeconfig", kubeconfig,
                "-vault-addr", environment.bao.address,
            ])
        XCTAssertEqual(forkForwarded.status, 0, forkForwarded.stderr)
        XCTAssertEqual(readText(work + "/c/password"), DemoEnvironment.appSecret["password"])
    }

    func testClassPickedFromAManifestIsWrittenWithModesAndSummarized() throws {
        let file = try writeManifest(manifest())
        let target = work + "/volume/secrets"
        // Go-style flags in every spelling, before and after FILE.
        let output = try run([
            "-namespace=default", file, "--service-account", "app-sa", "--target=\(target)",
            "-class", "app-secrets", "--kubeconfig", kubeconfig,
        ])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
        XCTAssertEqual(readText(target + "/password"), DemoEnvironment.appSecret["password"])
        XCTAssertEqual(fileMode(target + "/username"), 0o644)
        XCTAssertEqual(fileMode(target + "/password"), 0o600)
        XCTAssertNotNil(
            try? FileManager.default.destinationOfSymbolicLink(atPath: target + "/..data"), "the atomic writer's layout"
        )
        XCTAssertNil(readText(target + "/api_url"), "only the chosen class")

        XCTAssertTrue(output.stdout.contains("class:    app-secrets (\(file))"), output.stdout)
        XCTAssertTrue(output.stdout.contains("target:   \(target)"), output.stdout)
        XCTAssertTrue(
            output.stdout.contains("pod:      default/- (no pod given), service account app-sa"), output.stdout)
        let table = rows(output.stdout)
        XCTAssertEqual(Set(table.keys), ["username", "password"], output.stdout)
        XCTAssertEqual(table["username"]?[0...1], ["9", "0644"])
        XCTAssertEqual(table["password"]?[0...1], ["18", "0600"])
        XCTAssertTrue(table.values.allSatisfy { !$0[2].isEmpty }, "every file has a version")
        XCTAssertTrue(output.stdout.contains("2 files written"), output.stdout)
        assertNoSecretValue(output)

        // The other class, into the same (existing) directory: the payload is swapped.
        let config = try run(pod + [file, "--target", target, "--class=config", "--kubeconfig", kubeconfig])
        XCTAssertEqual(config.status, 0, config.stderr)
        XCTAssertEqual(readText(target + "/api_url"), DemoEnvironment.configSecret["api_url"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/username"))
    }

    func testTokenRequestThroughTheKubeconfigIsBoundToThePod() throws {
        let file = try writeManifest(manifest())
        XCTAssertEqual(environment.kubernetes.tokenRequestCount, 0)
        let output = try run(
            pod + [
                file, "--class", "app-secrets", "--target", work + "/bound", "--kubeconfig", kubeconfig,
                "--pod", environment.pod.name, "--pod-uid", environment.pod.uid,
            ])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(
            environment.kubernetes.tokenRequestCount, 1, "one TokenRequest, no fallback minting by the provider")
        XCTAssertTrue(
            output.stdout.contains("pod:      default/web-0 (uid \(environment.pod.uid)), service account app-sa"),
            output.stdout)
        XCTAssertTrue(
            output.stdout.contains(
                """
                token:    audience vault, minted by TokenRequest through kubeconfig \(kubeconfig), bound to pod \
                web-0
                """),
            output.stdout)
        XCTAssertEqual(readText(work + "/bound/username"), DemoEnvironment.appSecret["username"])

        // KUBECONFIG is the fallback for -kubeconfig, and -pod needs -pod-uid.
        let fromEnvironment = try run(
            pod + [file, "--class", "config", "--target", work + "/env"],
            environment: ["VAULT_ADDR": environment.bao.address, "KUBECONFIG": kubeconfig, "HOME": work])
        XCTAssertEqual(fromEnvironment.status, 0, fromEnvironment.stderr)
        XCTAssertTrue(fromEnvironment.stdout.contains("not bound to a pod"), fromEnvironment.stdout)
        XCTAssertEqual(environment.kubernetes.tokenRequestCount, 2)
        let half = try run(pod + [file, "--target", work + "/half", "--kubeconfig", kubeconfig, "--pod", "web-0"])
        XCTAssertEqual(half.status, 2)
        XCTAssertTrue(half.stderr.contains("-pod and -pod-uid go together"), half.stderr)
    }

    /// `-node-publish-secret`: the Secret the driver would pass for the volume's nodePublishSecretRef, read through
    /// the kubeconfig, so that an approle class is debugged as its pods would mount it. Its keys are shown, never
    /// a value.
    func testNodePublishSecretLogsInWithTheSecretsCredentials() async throws {
        let (roleID, secretID) = try await VaultTestSetup.enableAppRole(environment.bao, name: "csi", policies: ["app"])
        environment.kubernetes.addSecret(
            namespace: environment.pod.namespace, name: "csi-approle",
            values: ["role_id": roleID, "secret_id": secretID])
        let file = try writeManifest(
            manifest().replacingOccurrences(of: "roleName: app\n", with: "vaultAuthMethod: approle\n"))
        let arguments = pod + [file, "--class", "app-secrets", "--kubeconfig", kubeconfig]
        let output = try run(arguments + ["--target", work + "/approle", "--node-publish-secret", "csi-approle"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(readText(work + "/approle/username"), DemoEnvironment.appSecret["username"])
        XCTAssertTrue(
            output.stdout.contains(
                "secret:   default/csi-approle as the nodePublishSecretRef (keys: role_id, secret_id)"),
            output.stdout)
        XCTAssertEqual(environment.bao.auditedRequests().filter { $0.path == "auth/approle/login" }.count, 1)
        assertNoSecretValue(output)

        let absent = try run(arguments + ["--target", work + "/absent", "--node-publish-secret", "nope"])
        XCTAssertEqual(absent.status, 1)
        XCTAssertTrue(
            absent.stderr.contains("secret default/nope (-node-publish-secret) does not exist"), absent.stderr)
        let without = try run(arguments + ["--target", work + "/without"])
        XCTAssertEqual(without.status, 1)
        XCTAssertTrue(without.stderr.contains(#"approle logs in with the key "role_id""#), without.stderr)
    }

    func testTokenFileNeedsNoKubernetes() throws {
        let file = try writeManifest(manifest())
        let tokenFile = work + "/token"
        try (environment.podToken() + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let output = try run(
            pod + [file, "--class", "app-secrets", "--target", work + "/from-file", "--token-file", tokenFile])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(environment.kubernetes.tokenRequestCount, 0)
        XCTAssertTrue(output.stdout.contains("token:    audience vault, read from \(tokenFile)"), output.stdout)
        XCTAssertTrue(
            output.stdout.contains(
                "versions signed with a local key: they will not match the cluster's (no kubeconfig)"), output.stdout)
        XCTAssertEqual(readText(work + "/from-file/password"), DemoEnvironment.appSecret["password"])
        assertNoSecretValue(output)

        // Without a token file there must be a kubeconfig to mint one with.
        let none = try run(pod + [file, "--class", "app-secrets", "--target", work + "/none"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("no kubeconfig to mint a service-account token with"), none.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/none"))
    }

    func testVersionsUseTheClusterKeyWhenReadableElseALocalOne() async throws {
        let file = try writeManifest(manifest())
        let arguments = pod + [file, "--class", "app-secrets", "--kubeconfig", kubeconfig]

        // No Secret yet: a local key, and the command never creates the Secret.
        let local = try run(arguments + ["--target", work + "/local"])
        XCTAssertEqual(local.status, 0, local.stderr)
        XCTAssertTrue(
            local.stdout.contains("versions signed with a local key: they will not match the cluster's"), local.stdout)
        XCTAssertNil(
            environment.kubernetes.secret(namespace: Self.hmacNamespace, name: Self.hmacName),
            "a laptop never creates the Secret")

        // The daemon's key (created as the daemon creates it); the laptop's versions equal the daemon's.
        let client = try KubernetesAPIClient(
            config: KubernetesConfig(
                server: environment.kubernetes.url, credentials: .token("provider"), namespace: Self.hmacNamespace),
            logger: Logger(label: "test"))
        let daemon = MountPipeline(
            settings: ProviderSettings(vault: VaultSettings(address: environment.bao.address), writeMode: .driver),
            vault: VaultClientPool(logger: Logger(label: "test")),
            versionKeySource: KubernetesVersionKeySource(
                client: client, namespace: Self.hmacNamespace, secretName: Self.hmacName),
            logger: Logger(label: "test"))
        let expected = try await daemon.mount(
            MountRequest(
                attributes: environment.attributes(parameters: ["roleName": "app", "objects": Self.appObjects]),
                secrets: "null", targetPath: work + "/unused", permission: "420", deadline: .now + .seconds(30)))
        await daemon.shutdown()
        await client.shutdown()
        XCTAssertNotNil(environment.kubernetes.secret(namespace: Self.hmacNamespace, name: Self.hmacName))

        let cluster = try run(arguments + ["--target", work + "/cluster"])
        XCTAssertEqual(cluster.status, 0, cluster.stderr)
        XCTAssertTrue(
            cluster.stdout.contains("versions signed with the cluster key csi/vault-csi-provider-hmac-key"),
            cluster.stdout)
        let table = rows(cluster.stdout)
        XCTAssertEqual(expected.versions.count, 2)
        for version in expected.versions {
            XCTAssertEqual(table[version.id]?[2], version.version, "\(version.id): the daemon's version")
        }
        XCTAssertNotEqual(rows(local.stdout)["username"]?[2], table["username"]?[2])

        // Another Secret name that does not exist: a local key again.
        let elsewhere = try run(arguments + ["--target", work + "/elsewhere", "--hmac-secret-name", "missing"])
        XCTAssertEqual(elsewhere.status, 0, elsewhere.stderr)
        XCTAssertTrue(elsewhere.stdout.contains("versions signed with a local key"), elsewhere.stdout)
    }

    func testErrorsAndUsage() async throws {
        try await VaultTestSetup.createKubernetesRole(
            environment.bao, name: "other", serviceAccounts: ["someone-else"], namespaces: ["default"],
            policies: ["app"])
        let refused = try writeManifest(manifest(role: "other"), name: "refused.yaml")
        let existing = work + "/existing"
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: true)
        for target in [existing, work + "/never/created"] {
            let output = try run(
                pod + [refused, "--class", "app-secrets", "--target", target, "--kubeconfig", kubeconfig])
            XCTAssertEqual(output.status, 1, output.stdout)
            XCTAssertTrue(
                output.stderr.contains(
                    #"code = PermissionDenied desc = couldn't read secret "username": failed to login: "#),
                output.stderr)
            XCTAssertTrue(output.stderr.contains("service account name not authorized"), output.stderr)
            assertNoSecretValue(output)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: existing), [], "the directory is untouched")
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: work + "/never"), "a directory the failed mount created is removed")

        let file = try writeManifest(manifest())
        let noTarget = try run(pod + [file, "--class", "app-secrets", "--kubeconfig", kubeconfig])
        XCTAssertEqual(noTarget.status, 2)
        XCTAssertTrue(noTarget.stderr.contains("missing required flag: -target"), noTarget.stderr)
        XCTAssertTrue(noTarget.stderr.contains("Usage of vault-csi-provider mount"), noTarget.stderr)

        let noFile = try run(pod + ["--target", work + "/x"])
        XCTAssertEqual(noFile.status, 2)
        XCTAssertTrue(noFile.stderr.contains("missing FILE"), noFile.stderr)

        let ambiguous = try run(pod + [file, "--target", work + "/x", "--kubeconfig", kubeconfig])
        XCTAssertEqual(ambiguous.status, 2)
        XCTAssertTrue(
            ambiguous.stderr.contains("holds 2 SecretProviderClasses; pick one with -class: app-secrets, config"),
            ambiguous.stderr)
        let unknown = try run(pod + [file, "--target", work + "/x", "--class", "nope", "--kubeconfig", kubeconfig])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(
            unknown.stderr.contains(#"no SecretProviderClass named "nope"; it has: app-secrets, config"#),
            unknown.stderr)

        let azure = try writeManifest(manifest(provider: "azure"), name: "azure.yaml")
        let wrongProvider = try run(
            pod + [azure, "--class", "app-secrets", "--target", work + "/x", "--kubeconfig", kubeconfig])
        XCTAssertEqual(wrongProvider.status, 1)
        XCTAssertTrue(
            wrongProvider.stderr.contains(#"SecretProviderClass "app-secrets" is for provider "azure""#),
            wrongProvider.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/x"))
        XCTAssertEqual(environment.kubernetes.tokenRequestCount, 2, "only the two refused mounts minted tokens")

        let help = try run(["-h"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stderr.contains("-service-account string"), help.stderr)
    }
}

import Foundation
import ProviderConfiguration
import ProviderTestSupport

/// Mounts a SecretProviderClass through the real provider binary, as the driver would, and shows the volume.
struct Demo {
    let providerPath: String
    let classPath: String

    init(arguments: [String]) throws {
        var provider: String?
        var classFile: String?
        var index = 0
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--provider": provider = arguments[index + 1]
            case "--class": classFile = arguments[index + 1]
            default: throw TestSupportError("unknown argument \(arguments[index])")
            }
            index += 2
        }
        guard let provider, let classFile else {
            throw TestSupportError("usage: provider-demo demo --provider PATH --class FILE")
        }
        providerPath = provider
        classPath = classFile
    }

    func run() async throws {
        let parameters = try Self.parameters(ofClassAt: classPath)
        say("Starting a throwaway OpenBao dev server and the Kubernetes stand-in (TokenReview)...")
        let environment = try await DemoEnvironment.start()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("vault-csi-demo-\(UUID().uuidString)")
            .path
        defer {
            TmpfsVolume.unmountAll(under: work)
            try? FileManager.default.removeItem(atPath: work)
        }
        let target = "\(work)/kubelet/pods/\(environment.pod.uid)/volumes/kubernetes.io~csi/secrets-store-inline/mount"
        // The driver's shape: a tmpfs on the target. Without root there is none, and the provider (auto mode) hands
        // the files back to the driver, as it does on a node whose mount propagation is broken.
        let writeMode: String
        do {
            try TmpfsVolume.mount(at: target)
            writeMode = "provider"
        } catch {
            say("No tmpfs for the volume (\(error)); the provider will return the files instead of writing them")
            writeMode = "auto"
        }
        say(
            """
            OpenBao at \(environment.bao.address): Kubernetes auth, role \"\(environment.role)\" for \
            \(environment.pod.namespace)/\(environment.pod.serviceAccount), secrets at secret/app and secret/config
            """
        )

        // The stand-in also plays the API server for the provider's own calls (the HMAC key Secret, TokenRequest).
        let kubeconfig = "\(work)/kubeconfig"
        try environment.kubernetes.kubeconfig().write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let socket = "\(work)/providers/vault.sock"
        let provider = try await ProviderProcess.start(
            executable: providerPath, socketPath: socket,
            arguments: [
                "-vault-addr=\(environment.bao.address)", "-kubelet-dir=\(work)/kubelet", "-write-mode=\(writeMode)",
                "-kubeconfig=\(kubeconfig)", "-log-level=info",
            ],
            logPath: "\(work)/provider.log")
        say("Provider serving on \(socket)")
        let driver = try DriverClient(socketPath: socket)
        do {
            let version = try await driver.version()
            say("Version: \(version.version) \(version.runtimeName) \(version.runtimeVersion)")
            say("Mount for pod \(environment.pod.namespace)/\(environment.pod.name), class \(classPath) ...")
            let started = ContinuousClock.now
            let response = try await driver.mount(
                attributes: environment.attributes(parameters: parameters), targetPath: target)
            say(
                """
                Mount succeeded in \(started.duration(to: .now)): \(response.objectVersion.count) objects, \
                \(response.files.count) files returned
                """
                    + (response.files.isEmpty ? " (the provider wrote the volume itself)" : ""))
            for file in response.files {
                say(
                    """
                      returned to the driver: \(file.path) (\(file.contents.count) bytes, mode \
                    \(String(file.mode, radix: 8)))
                    """
                )
            }
            if environment.kubernetes.secret(namespace: "csi", name: "vault-csi-provider-hmac-key") != nil {
                say(
                    """
                    Object versions are signed with the cluster key the provider created: Secret \
                    csi/vault-csi-provider-hmac-key
                    """
                )
            }
            say("\nVolume \(target):")
            FileHandle.standardOutput.write(Data(try VolumeListing.render(target).utf8))
        } catch {
            await driver.close()
            await provider.stop()
            await environment.stop()
            FileHandle.standardError.write(Data("provider log:\n\(provider.logContents.suffix(4000))\n".utf8))
            throw error
        }
        await driver.close()
        let status = await provider.stop()
        await environment.stop()
        let socketGone = !FileManager.default.fileExists(atPath: socket)
        say("\nProvider stopped (exit \(status)); socket removed: \(socketGone). OpenBao stopped.")
        guard status == 0, socketGone else { throw TestSupportError("the provider did not shut down cleanly") }
    }

    /// `spec.parameters` of the SecretProviderClass file.
    static func parameters(ofClassAt path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let manifest = SecretProviderClassDocuments(text: text)
        if let (line, problem) = manifest.yamlProblem {
            throw TestSupportError("\(path): line \(line ?? 1): \(problem)")
        }
        guard let document = manifest.documents.first else {
            throw TestSupportError("\(path) has no SecretProviderClass")
        }
        let parameters = try document.parameters()
        guard !parameters.isEmpty else { throw TestSupportError("\(path) has no spec.parameters") }
        return parameters
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

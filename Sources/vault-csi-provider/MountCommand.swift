import Foundation
import KubernetesClient
import Logging
import ProviderConfiguration
import ProviderServer
import SecretsProvider
import VaultClient

/// `vault-csi-provider mount FILE --namespace NS --service-account SA --target DIR ...`: a pod's mount from a laptop.
enum MountCommand {
    /// Runs the command; the exit status: 0 mounted, 1 failed, 2 usage.
    static func run(_ arguments: [String]) async -> Int32 {
        let options: MountOptions
        do {
            options = try MountOptions(arguments)
        } catch GoFlagSet.UsageError.helpRequested {
            standardError(MountFlags.usage)
            return 0
        } catch {
            standardError("\(error)\n\(MountFlags.usage)")
            return 2
        }
        LoggingSystem.bootstrap { [level = options.logLevel] label in
            guard let level else { return SwiftLogNoOpLogHandler() }
            return LineLogHandler(label: label, level: level, format: .text, output: LogOutput(handle: .standardError))
        }
        let logger = Logger(label: "vault-csi-provider")
        do {
            return try await mount(options, logger: logger)
        } catch let error as MountUsageError {
            standardError("vault-csi-provider mount: \(error)")
            return 2
        } catch {
            standardError("vault-csi-provider mount: \(error)")
            return 1
        }
    }

    /// Reads the class, finds the identity and the version key, then runs the provider's pipeline into the target.
    private static func mount(_ options: MountOptions, logger: Logger) async throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let deadline = ContinuousClock.now + options.timeout
        let spc = try MountClass.load(path: options.file, named: options.className).replacingVaultAddress(with: options.vaultAddress)
        let vault: VaultSettings
        let transport: VaultTransportSettings
        do {
            vault = try ProcessVaultSettings.resolve(flags: [:], environment: environment)
            transport = try VaultTransportSettings(environment: environment)
        } catch {
            throw MountFailure("\(error)")
        }
        let source = MountKubernetes.source(flag: options.kubeconfig, environment: environment)
        let kubernetes = try MountKubernetes.client(for: source, environment: environment, proxies: transport.proxies, logger: logger)
        do {
            let status = try await mount(options, class: spc, vault: vault, transport: transport, kubernetes: kubernetes, source: source,
                                         deadline: deadline, logger: logger)
            await kubernetes?.shutdown()
            return status
        } catch {
            await kubernetes?.shutdown()
            throw error
        }
    }

    private static func mount(_ options: MountOptions, class spc: MountClass, vault: VaultSettings, transport: VaultTransportSettings,
                              kubernetes: KubernetesAPIClient?,
                              source: KubernetesConfigSource, deadline: ContinuousClock.Instant, logger: Logger) async throws -> Int32 {
        let audience = options.audience ?? spc.parameters[AttributeKeys.audience].flatMap { $0.isEmpty ? nil : $0 } ?? "vault"
        let identity: MountIdentity
        if let tokenFile = options.tokenFile {
            identity = try MountIdentity.read(path: tokenFile)
        } else {
            guard let kubernetes else {
                throw MountFailure("no kubeconfig to mint a service-account token with: pass -kubeconfig, set KUBECONFIG, or give -token-file")
            }
            identity = try await MountIdentity.mint(
                client: kubernetes, source: source, namespace: options.namespace, serviceAccount: options.serviceAccount,
                audience: audience, pod: options.pod.map { BoundPod(name: $0.name, uid: $0.uid) }, deadline: deadline)
        }
        let versionKey = await MountVersionKey.resolve(
            client: kubernetes, namespace: options.hmacSecretNamespace, name: options.hmacSecretName, deadline: deadline)
        let attributes = try MountAttributes.json(class: spc, options: options, audience: audience, identity: identity)
        let target = try MountTarget(options.target)
        let vaultAddress = spc.parameters[AttributeKeys.vaultAddress].flatMap { $0.isEmpty ? nil : $0 }
            ?? vault.address ?? ProviderSettings.defaultVaultAddress
        print(MountSummary.header(file: options.file, class: spc, options: options, audience: audience, identity: identity,
                                  vaultAddress: vaultAddress, target: target, versionKey: versionKey), terminator: "")

        // As the daemon: the same pipeline and atomic writer, the same fallback to TokenRequest for another audience.
        let provider = SecretsProvider(
            settings: ProviderSettings(vault: vault, writeMode: .provider, vaultTransport: transport, confinedToKubeletPods: false),
            tokenSource: kubernetes.map(KubernetesTokenSource.init(client:)), versionKeySource: versionKey, logger: logger)
        let request = MountRequest(attributes: attributes, secrets: "null", targetPath: target.path, permission: "420", deadline: deadline)
        do {
            let result = try await provider.mount(request)
            await provider.shutdown()
            print(MountSummary.table(target.entries(), versions: result.versions), terminator: "")
            return 0
        } catch {
            await provider.shutdown()
            target.removeCreated()
            let failure = error as? MountError ?? MountError(.internal, "\(error)")
            standardError("mount failed: code = \(codeName(failure.code)) desc = \(failure.message)")
            return 1
        }
    }

    /// The gRPC code's name as the driver's event shows it: `PermissionDenied`.
    private static func codeName(_ code: MountError.Code) -> String {
        code == .cancelled ? "Canceled" : code.rawValue.prefix(1).uppercased() + code.rawValue.dropFirst()
    }

    private static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

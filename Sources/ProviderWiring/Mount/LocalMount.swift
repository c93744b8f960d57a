import FoundationEssentials
import KubernetesClient
import Logging
import ProviderConfiguration
import SecretsProvider
import VaultClient

/// The `mount` command's work: reads the class, finds the identity and the version key, then runs the daemon's
/// pipeline into the target through its typed entry. Prints the summary through `print`; returns false when the
/// mount failed (its error already printed through `printError`). Throws `MountCommandUsageError` (exit 2) and
/// `MountCommandFailure` (exit 1) for what stops it before the pipeline.
package enum LocalMount {
    package static func run(
        _ options: LocalMountOptions, environment: [String: String], logger: Logger,
        print: (String) -> Void, printError: (String) -> Void
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + options.timeout
        let spc = try MountClass.load(path: options.file, named: options.className).replacingVaultAddress(
            with: options.vaultAddress)
        let vault: VaultSettings
        let transport: VaultTransportSettings
        do {
            vault = try ProcessVaultSettings.resolve(flags: [:], environment: environment)
            transport = try VaultTransportSettings(environment: environment)
        } catch {
            throw MountCommandFailure("\(error)")
        }
        let source = MountKubernetes.source(flag: options.kubeconfig, environment: environment)
        let kubernetes = try MountKubernetes.client(
            for: source, environment: environment, proxies: transport.proxies, logger: logger)
        do {
            let mounted = try await run(
                options, spc: spc, vault: vault, transport: transport, source: source,
                kubernetes: kubernetes, deadline: deadline, logger: logger, print: print,
                printError: printError)
            await kubernetes?.shutdown()
            return mounted
        } catch {
            await kubernetes?.shutdown()
            throw error
        }
    }

    /// The mount with its Kubernetes client, which the caller shuts down.
    private static func run(
        _ options: LocalMountOptions, spc: MountClass, vault: VaultSettings,
        transport: VaultTransportSettings, source: KubernetesConfigSource,
        kubernetes: KubernetesAPIClient?, deadline: ContinuousClock.Instant, logger: Logger,
        print: (String) -> Void, printError: (String) -> Void
    ) async throws -> Bool {
        let audience =
            options.audience ?? spc.parameters[AttributeKeys.audience].flatMap { $0.isEmpty ? nil : $0 } ?? "vault"
        let identity = try await MountIdentity.find(
            options, kubernetes: kubernetes, source: source, audience: audience, deadline: deadline)
        let versionKey = await MountVersionKey.resolve(
            client: kubernetes, namespace: options.hmacSecretNamespace, name: options.hmacSecretName, deadline: deadline
        )
        let secret = try await MountNodePublishSecret.read(options, kubernetes: kubernetes, deadline: deadline)
        let target = try MountTarget(options.target)
        let vaultAddress =
            spc.parameters[AttributeKeys.vaultAddress].flatMap { $0.isEmpty ? nil : $0 }
            ?? vault.address ?? ProviderSettings.defaultVaultAddress
        print(
            MountSummary.header(
                file: options.file, class: spc, options: options, audience: audience, identity: identity,
                vaultAddress: vaultAddress, secret: secret, target: target, versionKey: versionKey))

        // As the daemon: the same pipeline and atomic writer, the same fallback to TokenRequest for another audience.
        var settings = ProviderSettings(vault: vault, writeMode: .provider, confinedToKubeletPods: false)
        // The user's own class on the user's own machine: its TLS files are theirs, and so is the Secret it names.
        settings.allowedTLSDirectories = nil
        settings.allowNodePublishSecretAuth = true
        let provider = MountPipeline(
            settings: settings, vault: VaultClientPool(transport: transport, logger: logger),
            tokenSource: kubernetes.map { KubernetesTokenSource(client: $0) }, versionKeySource: versionKey,
            logger: logger)
        do {
            let configuration = try spc.configuration(
                for: options, audience: audience, identity: identity, secrets: secret?.data ?? [:],
                targetPath: target.path)
            let result = try await provider.mount(configuration, deadline: deadline)
            await provider.shutdown()
            print(MountSummary.table(target.entries(), versions: result.versions))
            return true
        } catch {
            await provider.shutdown()
            target.removeCreated()
            let failure =
                error as? MountError ?? (error as? ConfigurationError).map {
                    MountError(.invalidArgument, $0.description)
                }
                ?? MountError(.internal, "\(error)")
            printError("mount failed: code = \(failure.code.grpcName) desc = \(failure.message)")
            return false
        }
    }
}

extension MountClass {
    /// The configuration the driver's attributes would give for this pod: the class's parameters, the volume's
    /// class name, the pod's identity (`podInfoOnMount`), its token for one audience (`tokenRequests`) and the
    /// volume's nodePublishSecretRef data (`secrets`).
    func configuration(
        for options: LocalMountOptions, audience: String, identity: MountIdentity, secrets: [String: String],
        targetPath: String
    ) throws -> MountConfiguration {
        var parameters = self.parameters
        parameters["secretProviderClass"] = name
        parameters[AttributeKeys.podName] = options.pod?.name ?? ""
        parameters[AttributeKeys.podNamespace] = options.namespace
        parameters[AttributeKeys.podUID] = options.pod?.uid ?? ""
        parameters[AttributeKeys.serviceAccountName] = options.serviceAccount
        parameters["csi.storage.k8s.io/ephemeral"] = "true"
        parameters[AttributeKeys.serviceAccountTokens] = nil
        var configuration = try MountConfiguration(
            parameters: parameters, secrets: secrets, permission: "420", targetPath: targetPath)
        configuration.tokens = ServiceAccountTokens(byAudience: [audience: identity.token])
        return configuration
    }
}

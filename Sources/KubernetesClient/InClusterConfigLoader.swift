import FoundationEssentials

/// Builds the configuration of a pod talking to its own cluster: the service host and port, and the mounted service
/// account.
enum InClusterConfigLoader {
    /// Reads `ca.crt`, checks `token` and reads `namespace` (default `default`) in `directory`.
    static func load(host: String, port: String, directory: String) throws -> KubernetesConfig {
        guard !host.isEmpty else {
            throw KubernetesError.invalidConfiguration("in-cluster configuration: KUBERNETES_SERVICE_HOST is empty")
        }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let folder = URL(fileURLWithPath: directory)
        let caPath = folder.appendingPathComponent("ca.crt").path
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw KubernetesError.invalidConfiguration(
                "in-cluster configuration: cannot read the service-account CA \(caPath)")
        }
        let tokenPath = folder.appendingPathComponent("token").path
        _ = try KubernetesConfig.Credentials.Bearer.read(tokenFile: tokenPath)
        let namespaceFile = FileManager.default.contents(atPath: folder.appendingPathComponent("namespace").path)
        let namespace = namespaceFile.map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
        return KubernetesConfig(
            server: "https://\(bracketed):\(port.isEmpty ? "443" : port)",
            caCertificatesPEM: Array(ca),
            credentials: .tokenFile(tokenPath),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default")
    }
}

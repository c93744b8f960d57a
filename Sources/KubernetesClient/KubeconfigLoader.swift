import FoundationEssentials
import YAMLNodes

/// Reads the current context of a kubeconfig file; every error names the file and the field.
struct KubeconfigLoader {
    /// The kubeconfig's path as given.
    let path: String
    private let file: URL
    private let home: String?

    /// Prepares to read `path`; `HOME` from `environment` expands a leading `~/`.
    init(path: String, environment: [String: String]) {
        self.path = path
        self.home = environment["HOME"]
        self.file = URL(fileURLWithPath: Self.expand(path, home: environment["HOME"]))
    }

    /// The configuration of the `current-context`'s cluster, user and namespace.
    func load() throws -> KubernetesConfig {
        let root = try parse()
        guard let contextName = try string(root, "current-context", field: "current-context") else {
            throw fail("current-context", "is not set; set it with `kubectl config use-context <name>`")
        }
        let context = try entry(root, list: "contexts", item: "context", name: contextName)
        let contextField = "contexts[\"\(contextName)\"].context"
        guard let clusterName = try string(context, "cluster", field: "\(contextField).cluster") else {
            throw fail("\(contextField).cluster", "is not set")
        }
        let cluster = try entry(root, list: "clusters", item: "cluster", name: clusterName)
        let clusterField = "clusters[\"\(clusterName)\"].cluster"
        guard let server = try string(cluster, "server", field: "\(clusterField).server") else {
            throw fail("\(clusterField).server", "is not set")
        }
        let ca = try bytes(
            cluster, dataKey: "certificate-authority-data", fileKey: "certificate-authority", field: clusterField)
        let insecure = try bool(cluster, "insecure-skip-tls-verify", field: "\(clusterField).insecure-skip-tls-verify")
        let credentials: KubernetesConfig.Credentials
        if let userName = try string(context, "user", field: "\(contextField).user") {
            credentials = try self.credentials(user: userName, root: root)
        } else {
            credentials = .none
        }
        let namespace = try string(context, "namespace", field: "\(contextField).namespace") ?? "default"
        return KubernetesConfig(
            server: server, caCertificatesPEM: ca, insecureSkipTLSVerify: insecure ?? false,
            credentials: credentials, namespace: namespace)
    }

    private func credentials(user userName: String, root: YAMLNode) throws -> KubernetesConfig.Credentials {
        let user = try entry(root, list: "users", item: "user", name: userName)
        let field = "users[\"\(userName)\"].user"
        for (key, kind) in [("exec", "an exec credential plugin"), ("auth-provider", "an auth-provider plugin")]
        where user[key] != nil {
            throw fail(
                "\(field).\(key)",
                "user \"\(userName)\" authenticates with \(kind), which vault-csi-provider does "
                    + "not support; give the provider a user with a token, tokenFile or client certificate")
        }
        let bearer: KubernetesConfig.Credentials.Bearer?
        if let token = try string(user, "token", field: "\(field).token") {
            bearer = .token(token)
        } else if let tokenFile = try string(user, "tokenFile", field: "\(field).tokenFile") {
            let resolved = resolve(tokenFile)
            guard FileManager.default.isReadableFile(atPath: resolved) else {
                throw fail("\(field).tokenFile", "cannot read \(resolved)")
            }
            bearer = .tokenFile(resolved)
        } else {
            bearer = nil
        }
        let certificate = try bytes(
            user, dataKey: "client-certificate-data", fileKey: "client-certificate", field: field)
        let key = try bytes(user, dataKey: "client-key-data", fileKey: "client-key", field: field)
        switch (certificate, key, bearer) {
        case (let certificate?, let key?, _):
            return .clientCertificate(certificatePEM: certificate, keyPEM: key, bearer: bearer)
        case (_?, nil, _):
            throw fail("\(field).client-key-data", "a client certificate is set without client-key-data or client-key")
        case (nil, _?, _):
            throw fail(
                "\(field).client-certificate-data",
                "a client key is set without client-certificate-data or client-certificate")
        case (nil, nil, .token(let token)?):
            return .token(token)
        case (nil, nil, .tokenFile(let path)?):
            return .tokenFile(path)
        case (nil, nil, nil):
            return .none
        }
    }

    // MARK: - YAML access

    /// Kubeconfig files may use anchors: aliases are resolved, within this many nodes.
    static let maxNodes = 10_000
    /// The deepest nesting read; a kubeconfig is a few levels deep.
    static let maxDepth = 64

    private func parse() throws -> YAMLNode {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw KubernetesError.invalidConfiguration("kubeconfig \(path): cannot read the file")
        }
        let root: YAMLNode?
        do {
            let options = YAMLOptions(maxDepth: Self.maxDepth, aliases: .resolve(maxNodes: Self.maxNodes))
            root = try YAMLParser(String(decoding: data, as: UTF8.self), options: options).singleRoot()
        } catch {
            // Only the line and libyaml's problem, never the offending text, which may hold a token.
            throw KubernetesError.invalidConfiguration(
                "kubeconfig \(path): " + (error.line.map { "line \($0): " } ?? "") + error.problem)
        }
        guard let root, root.mapping != nil else {
            throw KubernetesError.invalidConfiguration("kubeconfig \(path): the file is not a YAML mapping")
        }
        return root
    }

    /// The `item` mapping of the entry called `name` in the list `list` (`contexts`, `clusters`, `users`).
    private func entry(_ root: YAMLNode, list: String, item: String, name: String) throws -> YAMLNode {
        for element in root[list]?.items ?? [] where element["name"]?.text == name {
            guard let value = element[item], value.mapping != nil else {
                throw fail("\(list)[\"\(name)\"].\(item)", "is missing or not a mapping")
            }
            return value
        }
        throw fail(list, "no entry named \"\(name)\"")
    }

    /// A string field; nil when absent, null or empty.
    private func string(_ node: YAMLNode, _ key: String, field: String) throws -> String? {
        guard let value = node[key], !value.isNull else { return nil }
        guard let text = value.text else { throw fail(field, "must be a string") }
        return text.isEmpty ? nil : text
    }

    private func bool(_ node: YAMLNode, _ key: String, field: String) throws -> Bool? {
        guard let value = node[key], !value.isNull else { return nil }
        guard let text = value.text, value.scalar?.style == .plain else { throw fail(field, "must be true or false") }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(field, "must be true or false")
        }
    }

    /// The bytes of a `...-data` field (base64), else of the file a path field names; data wins, as in kubectl.
    private func bytes(_ node: YAMLNode, dataKey: String, fileKey: String, field: String) throws -> [UInt8]? {
        if let encoded = try string(node, dataKey, field: "\(field).\(dataKey)") {
            let compact = encoded.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact), !data.isEmpty else {
                throw fail("\(field).\(dataKey)", "is not valid base64")
            }
            return Array(data)
        }
        guard let filePath = try string(node, fileKey, field: "\(field).\(fileKey)") else { return nil }
        let resolved = resolve(filePath)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw fail("\(field).\(fileKey)", "cannot read \(resolved)")
        }
        return Array(data)
    }

    // MARK: - Paths and errors

    /// A path from the file: `~/` expanded, relative paths taken from the kubeconfig's folder.
    private func resolve(_ value: String) -> String {
        let expanded = Self.expand(value, home: home)
        if expanded.hasPrefix("/") { return expanded }
        return file.deletingLastPathComponent().appendingPathComponent(expanded).standardizedFileURL.path
    }

    private static func expand(_ value: String, home: String?) -> String {
        guard value.hasPrefix("~/"), let home, !home.isEmpty else { return value }
        return URL(fileURLWithPath: home).appendingPathComponent(String(value.dropFirst(2))).path
    }

    private func fail(_ field: String, _ problem: String) -> KubernetesError {
        .invalidConfiguration("kubeconfig \(path): \(field): \(problem)")
    }
}

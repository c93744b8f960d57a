import Foundation
import NIOHTTP1

/// Answers the few Kubernetes API calls OpenBao and the provider make: TokenReview, TokenRequest, Secrets.
struct KubernetesAPIRouter: Sendable {
    let signer: ServiceAccountTokenSigner
    let store: KubernetesStandInStore
    let pods: KubernetesPodStore
    let issuer: String

    /// A pod watch the handler streams: `GET
    /// /api/v1/pods?watch=true&resourceVersion=N[&fieldSelector=spec.nodeName=X]`.
    struct PodWatch {
        let node: String?
        let resourceVersion: Int
    }

    /// The pod watch `uri` asks for, when it is one and the request is authorised.
    func podWatch(method: HTTPMethod, uri: String, headers: HTTPHeaders) -> PodWatch? {
        guard method == .GET, Self.bearer(headers) != nil, Self.path(of: uri) == "/api/v1/pods" else { return nil }
        let query = Self.query(of: uri)
        guard query["watch"] == "true" || query["watch"] == "1" else { return nil }
        return PodWatch(node: Self.nodeName(query), resourceVersion: Int(query["resourceVersion"] ?? "") ?? 0)
    }

    /// Routes one request; every route needs `Authorization: Bearer <non-empty>`.
    func handle(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: Data) -> KubernetesAPIResponse {
        guard Self.bearer(headers) != nil else {
            return KubernetesStatus.unauthorized
        }
        let path = Self.path(of: uri)
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        switch segments.count {
        case 3 where segments == ["api", "v1", "pods"]:
            guard method == .GET else { return KubernetesStatus.methodNotAllowed }
            let query = Self.query(of: uri)
            return pods.list(
                node: Self.nodeName(query), limit: query["limit"].flatMap { Int($0) }, continue: query["continue"])
        case 4 where segments == ["apis", "authentication.k8s.io", "v1", "tokenreviews"]:
            guard method == .POST else { return KubernetesStatus.methodNotAllowed }
            return tokenReview(body)
        case 7
        where segments[0...2] == ["api", "v1", "namespaces"] && segments[4] == "serviceaccounts"
            && segments[6] == "token":
            guard method == .POST else { return KubernetesStatus.methodNotAllowed }
            return tokenRequest(namespace: segments[3], serviceAccount: segments[5], body: body)
        case 5 where segments[0...2] == ["api", "v1", "namespaces"] && segments[4] == "secrets":
            guard method == .POST else { return KubernetesStatus.methodNotAllowed }
            return createSecret(namespace: segments[3], body: body)
        case 6 where segments[0...2] == ["api", "v1", "namespaces"] && segments[4] == "secrets":
            guard method == .GET else { return KubernetesStatus.methodNotAllowed }
            guard let secret = store.secret(namespace: segments[3], name: segments[5]) else {
                return KubernetesStatus.notFound(kind: "secrets", name: segments[5])
            }
            return KubernetesAPIResponse(status: .ok, body: secret)
        default:
            return KubernetesStatus.unknownRoute
        }
    }

    /// `POST /apis/authentication.k8s.io/v1/tokenreviews`.
    private func tokenReview(_ body: Data) -> KubernetesAPIResponse {
        store.countTokenReview()
        guard let object = Self.jsonObject(body), let spec = object["spec"] as? [String: Any],
            let token = spec["token"] as? String
        else {
            return KubernetesStatus.badRequest("TokenReview body must be a JSON object with spec.token")
        }
        let requested = spec["audiences"] as? [String] ?? []
        var status: [String: Any]
        switch signer.verify(token) {
        case .failure(let rejection):
            status = ["authenticated": false, "error": rejection.message]
        case .success(let claims):
            let audiences = requested.isEmpty ? claims.aud : requested.filter { claims.aud.contains($0) }
            if audiences.isEmpty {
                status = [
                    "authenticated": false,
                    "error": "[invalid bearer token, token audiences \(Self.goList(claims.aud)) is invalid "
                        + "for the target audiences \(Self.goList(requested))]",
                ]
            } else {
                let namespace = claims.kubernetes.namespace
                var extra: [String: Any] = [:]
                if let pod = claims.kubernetes.pod {
                    extra["authentication.kubernetes.io/pod-name"] = [pod.name]
                    extra["authentication.kubernetes.io/pod-uid"] = [pod.uid]
                }
                status = [
                    "authenticated": true,
                    "user": [
                        "username": "system:serviceaccount:\(namespace):\(claims.kubernetes.serviceaccount.name)",
                        "uid": claims.kubernetes.serviceaccount.uid,
                        "groups": [
                            "system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated",
                        ],
                        "extra": extra,
                    ] as [String: Any],
                    "audiences": audiences,
                ]
            }
        }
        return .json(
            .created,
            [
                "apiVersion": "authentication.k8s.io/v1",
                "kind": "TokenReview",
                "metadata": ["creationTimestamp": NSNull()],
                "spec": spec,
                "status": status,
            ] as [String: Any])
    }

    /// `POST /api/v1/namespaces/{ns}/serviceaccounts/{sa}/token`.
    private func tokenRequest(namespace: String, serviceAccount: String, body: Data) -> KubernetesAPIResponse {
        store.countTokenRequest()
        guard let object = Self.jsonObject(body) else {
            return KubernetesStatus.badRequest("TokenRequest body must be a JSON object")
        }
        var spec = object["spec"] as? [String: Any] ?? [:]
        var audiences = spec["audiences"] as? [String] ?? []
        if audiences.isEmpty { audiences = [issuer] }
        let seconds = (spec["expirationSeconds"] as? NSNumber)?.intValue ?? 3600
        var pod: ServiceAccountClaims.ObjectReference?
        if var reference = spec["boundObjectRef"] as? [String: Any], reference["kind"] as? String == "Pod",
            let name = reference["name"] as? String
        {
            let uid =
                (reference["uid"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                ?? ServiceAccountTokenSigner.podUID(namespace: namespace, name: name)
            reference["uid"] = uid
            spec["boundObjectRef"] = reference
            pod = .init(name: name, uid: uid)
        }
        spec["audiences"] = audiences
        spec["expirationSeconds"] = seconds
        let minted = signer.mint(
            namespace: namespace, serviceAccount: serviceAccount, pod: pod, audiences: audiences,
            lifetime: .seconds(seconds), issuer: issuer)
        return .json(
            .created,
            [
                "kind": "TokenRequest",
                "apiVersion": "authentication.k8s.io/v1",
                "metadata": ["name": serviceAccount, "namespace": namespace, "creationTimestamp": NSNull()]
                    as [String: Any],
                "spec": spec,
                "status": ["token": minted.token, "expirationTimestamp": Self.rfc3339(minted.expires)],
            ] as [String: Any])
    }

    /// `POST /api/v1/namespaces/{ns}/secrets`.
    private func createSecret(namespace: String, body: Data) -> KubernetesAPIResponse {
        guard var object = Self.jsonObject(body) else {
            return KubernetesStatus.badRequest("Secret body must be a JSON object")
        }
        var metadata = object["metadata"] as? [String: Any] ?? [:]
        guard let name = metadata["name"] as? String, !name.isEmpty else {
            return KubernetesStatus.failure(
                .unprocessableEntity, reason: "Invalid",
                message: "Secret \"\" is invalid: metadata.name: Required value: name or generateName is required",
                details: ["kind": "Secret"])
        }
        if let given = metadata["namespace"] as? String, !given.isEmpty, given != namespace {
            return KubernetesStatus.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
        metadata["namespace"] = namespace
        metadata["uid"] = UUID().uuidString.lowercased()
        metadata["creationTimestamp"] = Self.rfc3339(Date())
        object["metadata"] = metadata
        object["kind"] = object["kind"] ?? "Secret"
        object["apiVersion"] = object["apiVersion"] ?? "v1"
        object["type"] = object["type"] ?? "Opaque"
        if let stringData = object.removeValue(forKey: "stringData") as? [String: String] {
            var data = object["data"] as? [String: Any] ?? [:]
            for (key, value) in stringData { data[key] = Data(value.utf8).base64EncodedString() }
            object["data"] = data
        }
        guard let stored = store.createSecret(namespace: namespace, name: name, object: object) else {
            return KubernetesStatus.alreadyExists(kind: "secrets", name: name)
        }
        return KubernetesAPIResponse(status: .created, body: stored)
    }

    private static func bearer(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Authorization"), value.hasPrefix("Bearer ") else { return nil }
        let token = value.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    private static func path(of uri: String) -> Substring {
        uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// The query's parameters, percent-decoded.
    private static func query(of uri: String) -> [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        var parameters: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).removingPercentEncoding ?? String(text) }
            parameters[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return parameters
    }

    /// The node of `fieldSelector=spec.nodeName=<node>`, the only field selector the stand-in serves.
    private static func nodeName(_ query: [String: String]) -> String? {
        guard let selector = query["fieldSelector"], selector.hasPrefix("spec.nodeName=") else { return nil }
        return String(selector.dropFirst("spec.nodeName=".count))
    }

    private static func jsonObject(_ body: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// Go's `%v` of a string slice: `[a b]`.
    private static func goList(_ values: [String]) -> String {
        "[" + values.joined(separator: " ") + "]"
    }

    /// RFC 3339 in UTC with whole seconds, e.g. `2025-01-02T03:04:05Z`.
    private static func rfc3339(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

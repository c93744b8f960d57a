import NIOHTTP1

/// Builds `kind: Status` failure bodies the way the Kubernetes API server writes them.
enum KubernetesStatus {
    /// A Status failure with the given code, reason and message; `details` is omitted when nil.
    static func failure(
        _ status: HTTPResponseStatus,
        reason: String,
        message: String,
        details: [String: Any]? = nil
    ) -> KubernetesAPIResponse {
        var object: [String: Any] = [
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": [String: Any](),
            "status": "Failure",
            "message": message,
            "reason": reason,
            "code": Int(status.code),
        ]
        if let details { object["details"] = details }
        return .json(status, object)
    }

    /// 401 for a request without a bearer token.
    static var unauthorized: KubernetesAPIResponse {
        failure(.unauthorized, reason: "Unauthorized", message: "Unauthorized")
    }

    /// 404 for a path the stand-in does not serve.
    static var unknownRoute: KubernetesAPIResponse {
        failure(
            .notFound, reason: "NotFound", message: "the server could not find the requested resource", details: [:])
    }

    /// 405 for a served path asked with another method.
    static var methodNotAllowed: KubernetesAPIResponse {
        failure(
            .methodNotAllowed, reason: "MethodNotAllowed",
            message: "the server does not allow this method on the requested resource", details: [:])
    }

    /// 400 for a body that is not the JSON object expected.
    static func badRequest(_ message: String) -> KubernetesAPIResponse {
        failure(.badRequest, reason: "BadRequest", message: message)
    }

    /// 404 for a missing named object of `kind` (plural resource name, e.g. `secrets`).
    static func notFound(kind: String, name: String) -> KubernetesAPIResponse {
        failure(
            .notFound, reason: "NotFound", message: "\(kind) \"\(name)\" not found",
            details: ["name": name, "kind": kind])
    }

    /// 409 for creating a named object that exists.
    static func alreadyExists(kind: String, name: String) -> KubernetesAPIResponse {
        failure(
            .conflict, reason: "AlreadyExists", message: "\(kind) \"\(name)\" already exists",
            details: ["name": name, "kind": kind])
    }
}

import Foundation
import ProviderValues
import VaultContract

extension InMemoryVault {
    /// Finds who answers `request`: a login, the token's own endpoints, leases, or a secrets engine.
    func route(_ request: VaultRequest, token: String?) -> Answer {
        guard request.path.hasPrefix("/v1/") else { return .notFound }
        let path = String(request.path.dropFirst("/v1/".count))
        let body = request.body.flatMap { try? JSONValue(parsing: Data($0.utf8)) }
        if request.method == "POST" || request.method == "PUT" {
            if path.hasPrefix("auth/"), path.hasSuffix("/login"), path != "auth/token/login" {
                return login(authMount: String(path.dropFirst("auth/".count).dropLast("/login".count)), body: body)
            }
            if path.hasPrefix("sys/leases/") {
                return leaseOperation(String(path.dropFirst("sys/leases/".count)), token: token, body: body)
            }
        }
        if path.hasPrefix("auth/token/") {
            return tokenSelf(String(path.dropFirst("auth/token/".count)), token: token, body: body)
        }
        guard let clientToken = token, let issued = isAlive(token) else { return .permissionDenied }
        guard issued.role.allows(path) else { return .error(403, "1 error occurred:\n\t* permission denied\n\n") }
        return engineRequest(request.method, path: path, query: request.query, body: body, token: clientToken)
    }
}

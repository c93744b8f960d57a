import ProviderConfiguration
import ProviderValues
import VaultContract

/// The distinct Vault requests of a mount, and which objects each one feeds.
struct ReadPlan: Sendable {
    /// Distinct requests in first-use order.
    let requests: [VaultRequest]
    /// For each object (class order), the index of its request.
    let requestIndexForObject: [Int]

    /// One request per distinct (path+query, method, body): `secretArgs` are part of the identity.
    init(objects: [SecretObject]) {
        var requests: [VaultRequest] = []
        var indexByRequest: [VaultRequest: Int] = [:]
        var mapping: [Int] = []
        for object in objects {
            let body = object.secretArgs.map { JSONValue.object($0).canonicalJSON }
            let request = VaultRequest(method: object.method, secretPath: object.secretPath, body: body)
            if let index = indexByRequest[request] {
                mapping.append(index)
            } else {
                indexByRequest[request] = requests.count
                mapping.append(requests.count)
                requests.append(request)
            }
        }
        self.requests = requests
        self.requestIndexForObject = mapping
    }

    /// The requests every object of which is `optional`: a 404 for them leaves those objects out.
    func optionalRequests(of objects: [SecretObject]) -> Set<Int> {
        var required = Set<Int>()
        for (object, index) in zip(objects, requestIndexForObject) where !object.optional { required.insert(index) }
        return Set(requests.indices).subtracting(required)
    }
}

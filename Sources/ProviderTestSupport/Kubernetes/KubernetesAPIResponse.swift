import Foundation
import NIOHTTP1

/// A stand-in answer: an HTTP status and a JSON body.
struct KubernetesAPIResponse: Sendable {
    let status: HTTPResponseStatus
    let body: Data

    /// Serialises a JSON object (dictionaries, arrays, strings, numbers, booleans, NSNull) as the body.
    static func json(_ status: HTTPResponseStatus, _ object: Any) -> KubernetesAPIResponse {
        KubernetesAPIResponse(status: status, body: JSONText.data(object))
    }
}

/// What `FaultProxy` does to a request that matches a rule, instead of simply forwarding it.
package struct ProxyFault: Sendable, CustomStringConvertible {
    enum Action: Sendable {
        /// Answer with this status and JSON body; OpenBao never sees the request.
        case answer(status: Int, body: String)
        /// Close the connection without answering.
        case close
        /// Forward to OpenBao as usual.
        case forward
    }

    let action: Action
    /// How long the request is held before the action.
    let hold: Duration

    /// Answers `status` with Vault's error shape, `{"errors":[...]}`, after holding the request for `hold`.
    package static func status(_ status: Int, errors: [String] = [], after hold: Duration = .zero) -> ProxyFault {
        ProxyFault(action: .answer(status: status, body: JSONText.string(["errors": errors])), hold: hold)
    }

    /// Closes the connection without an answer: the client sees a connection error.
    package static let closeConnection = ProxyFault(action: .close, hold: .zero)

    /// Holds the request for `duration`, then forwards it: a slow Vault.
    package static func slow(_ duration: Duration) -> ProxyFault {
        ProxyFault(action: .forward, hold: duration)
    }

    package var description: String {
        let held = hold == .zero ? "" : " after \(hold)"
        switch action {
        case .answer(let status, let body): return "answer \(status) \(body)\(held)"
        case .close: return "close the connection\(held)"
        case .forward: return "forward\(held)"
        }
    }
}

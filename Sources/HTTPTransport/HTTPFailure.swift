import AsyncHTTPClient
import NIOCore
import NIOSSL

/// What went wrong with a request, in the classes both clients report: each maps them to its own errors.
package enum HTTPFailure {
    /// The caller's task was cancelled.
    case cancelled
    /// The request's deadline passed.
    case deadlineExceeded
    /// The body passed the byte limit it was collected with.
    case tooLarge
    /// TLS failed (handshake, verification, an alert).
    case tls
    /// Anything else: no connection, a closed one, a DNS failure.
    case unreachable

    package init(_ error: any Error) {
        if error is CancellationError || Task.isCancelled {
            self = .cancelled
        } else if let error = error as? HTTPClientError, error == .cancelled {
            self = .cancelled
        } else if let error = error as? HTTPClientError, error == .deadlineExceeded {
            self = .deadlineExceeded
        } else if error is NIOTooManyBytesError {
            self = .tooLarge
        } else if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            self = .tls
        } else {
            self = .unreachable
        }
    }
}

import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a call (cancelling the benchmark), so it can stop what it started before exiting.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// Ignores the default action of `signals` and calls `handler` whenever one arrives, until the trap is released.
    init(signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable () -> Void) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}

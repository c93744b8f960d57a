import CoreMetrics
import NIOCore
import Synchronization

/// The bound on Vault requests on the wire at once, across every mount (`-max-concurrent-vault-requests`).
///
/// A permit is held only while a request is on the wire. Waiters are served first come, first served; one whose
/// deadline passes, or whose task is cancelled, stops waiting with `VaultError.deadlineExceeded` or `.cancelled`.
public final class VaultRequestLimiter: Sendable {
    private enum Waiter {
        /// Queued; its continuation is not registered yet.
        case queued
        case waiting(CheckedContinuation<Void, any Error>)
        /// A permit was handed over before the continuation was registered.
        case granted
        /// It gave up before the continuation was registered.
        case failed(VaultError)
    }

    private struct State {
        var available: Int
        var held = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// Waiter ids in arrival order; ids that gave up are skipped when reached.
        var order = CircularBuffer<UInt64>()
    }

    /// The bound.
    public let limit: Int
    private let state: Mutex<State>
    private let gauge: Meter

    /// At most `limit` requests at once; the in-flight count is exported as `vault_csi_provider_vault_requests_in_flight`.
    public init(limit: Int, factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.limit = max(1, limit)
        self.state = Mutex(State(available: max(1, limit)))
        self.gauge = Meter(label: "vault_csi_provider_vault_requests_in_flight", factory: factory)
        gauge.set(0)
    }

    /// How many permits are held now.
    public var inFlight: Int { state.withLock { $0.held } }

    /// Runs `body` holding a permit, waiting for one until `deadline`.
    func withPermit<T>(deadline: ContinuousClock.Instant, _ body: () async throws -> T) async throws -> T {
        try await acquire(deadline: deadline)
        defer { release() }
        return try await body()
    }

    private func acquire(deadline: ContinuousClock.Instant) async throws {
        if Task.isCancelled { throw VaultError.cancelled }
        let ticket: UInt64? = state.withLock { state in
            if state.available > 0 {
                state.available -= 1
                state.held += 1
                return nil
            }
            let id = state.nextID
            state.nextID += 1
            state.waiters[id] = .queued
            state.order.append(id)
            return id
        }
        guard let ticket else {
            updateGauge()
            return
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            if !Task.isCancelled { self?.giveUp(ticket, .deadlineExceeded) }
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, VaultError>? = state.withLock { state in
                    switch state.waiters[ticket] {
                    case .queued:
                        state.waiters[ticket] = .waiting(continuation)
                        return nil
                    case .granted:
                        state.waiters[ticket] = nil
                        return .success(())
                    case .failed(let error):
                        state.waiters[ticket] = nil
                        return .failure(error)
                    case .waiting, nil:
                        return .failure(.cancelled)
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            giveUp(ticket, .cancelled)
        }
        updateGauge()
    }

    /// Stops waiting for `ticket`, unless it already has its permit.
    private func giveUp(_ ticket: UInt64, _ error: VaultError) {
        let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
            switch state.waiters[ticket] {
            case .queued:
                state.waiters[ticket] = .failed(error)
                return nil
            case .waiting(let continuation):
                state.waiters[ticket] = nil
                return continuation
            case .granted, .failed, nil:
                return nil
            }
        }
        continuation?.resume(throwing: error)
    }

    /// Hands the permit to the first waiter still waiting, or returns it.
    private func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            while let id = state.order.popFirst() {
                switch state.waiters[id] {
                case .queued:
                    state.waiters[id] = .granted
                    return nil
                case .waiting(let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .granted, .failed, nil:
                    continue
                }
            }
            state.available += 1
            state.held -= 1
            return nil
        }
        next?.resume()
        updateGauge()
    }

    private func updateGauge() {
        gauge.set(Double(inFlight))
    }
}

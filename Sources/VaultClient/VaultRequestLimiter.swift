import CoreMetrics
import Synchronization
import VaultContract

/// The bound on Vault requests on the wire at once, across every mount (`-max-concurrent-vault-requests`), fair across
/// Vault addresses: one address holds at most half of the permits, so a class aimed at a Vault that never answers
/// cannot hold every permit until its deadlines while other classes' Mounts wait.
///
/// A permit is held only while a request is on the wire. Waiters are served first come, first served among those whose
/// address is under its share; one whose deadline passes, or whose task is cancelled, stops waiting with
/// `VaultError.deadlineExceeded` or `.cancelled`.
package final class VaultRequestLimiter: Sendable {
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
        /// Permits held, by Vault address.
        var heldBy: [String: Int] = [:]
        var nextID: UInt64 = 0
        var waiters: [UInt64: (address: String, waiter: Waiter, deadline: ContinuousClock.Instant)] = [:]
        /// Whether the sweeper that fails waiters past their deadline runs (while anyone waits).
        var sweeping = false
        /// Waiter ids in arrival order; ids that gave up are dropped when reached.
        var order: [UInt64] = []

        mutating func take(for address: String) {
            heldBy[address, default: 0] += 1
        }

        mutating func give(from address: String) {
            let left = (heldBy[address] ?? 1) - 1
            heldBy[address] = left > 0 ? left : nil
        }
    }

    /// The bound.
    package let limit: Int
    /// The most permits one address holds: half the bound (at least one).
    package let perAddress: Int
    private let state: Mutex<State>
    private let gauge: Meter

    /// At most `limit` requests at once; the in-flight count is exported as
    /// `vault_csi_provider_vault_requests_in_flight`.
    package init(limit: Int, factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.limit = max(1, limit)
        self.perAddress = max(1, limit / 2)
        self.state = Mutex(State(available: max(1, limit)))
        self.gauge = Meter(label: "vault_csi_provider_vault_requests_in_flight", factory: factory)
        gauge.set(0)
    }

    /// The key permits are shared by: the address without case or trailing slashes, so that two spellings of one
    /// address take one share. (Other names for one server, an IP and a host name, are told apart; only
    /// `-allowed-vault-addresses` closes that.)
    package static func shareKey(for address: String) -> String {
        String(address.lowercased().reversed().drop(while: { $0 == "/" }).reversed())
    }

    /// How many permits are held now.
    package var inFlight: Int { state.withLock { $0.held } }

    /// Runs `body` holding a permit for a request to `address`, waiting for one until `deadline`.
    func withPermit<T>(for address: String = "", deadline: ContinuousClock.Instant, _ body: () async throws -> T)
        async throws -> T
    {
        try await acquire(for: address, deadline: deadline)
        defer { release(from: address) }
        return try await body()
    }

    private func acquire(for address: String, deadline: ContinuousClock.Instant) async throws {
        if Task.isCancelled { throw VaultError.cancelled }
        let (ticket, startSweeper): (UInt64?, Bool) = state.withLock { state in
            if state.available > 0, state.heldBy[address, default: 0] < perAddress {
                state.available -= 1
                state.held += 1
                state.take(for: address)
                return (nil, false)
            }
            let id = state.nextID
            state.nextID += 1
            state.waiters[id] = (address, .queued, deadline)
            state.order.append(id)
            defer { state.sweeping = true }
            return (id, !state.sweeping)
        }
        guard let ticket else {
            updateGauge()
            return
        }
        if startSweeper { Task { [weak self] in await self?.sweep() } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, VaultError>? = state.withLock { state in
                    switch state.waiters[ticket]?.waiter {
                    case .queued:
                        state.waiters[ticket]?.waiter = .waiting(continuation)
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

    /// Fails waiters whose deadline passed, every `sweepInterval`, while anyone waits. One sweeper for all waiters: a
    /// sleeping timer per waiter would stay allocated until its deadline even once cancelled, and under load
    /// thousands would (the soak check saw the memory grow with them).
    private func sweep() async {
        while true {
            try? await Task.sleep(for: Self.sweepInterval)
            let now = ContinuousClock.now
            let (expired, done) = state.withLock { state -> ([UInt64], Bool) in
                if state.waiters.isEmpty {
                    state.sweeping = false
                    return ([], true)
                }
                return (state.waiters.filter { $0.value.deadline <= now }.map(\.key), false)
            }
            if done { return }
            for ticket in expired { giveUp(ticket, .deadlineExceeded) }
        }
    }

    /// How late a waiter past its deadline may learn of it.
    static let sweepInterval = Duration.milliseconds(20)

    /// Stops waiting for `ticket`, unless it already has its permit.
    private func giveUp(_ ticket: UInt64, _ error: VaultError) {
        let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
            switch state.waiters[ticket]?.waiter {
            case .queued:
                state.waiters[ticket]?.waiter = .failed(error)
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

    /// Hands the permit to the first waiter still waiting whose address is under its share, or returns it.
    private func release(from address: String) {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            state.give(from: address)
            var index = 0
            while index < state.order.count {
                let id = state.order[index]
                guard let (waiterAddress, waiter, _) = state.waiters[id] else {
                    state.order.remove(at: index)
                    continue
                }
                switch waiter {
                case .queued, .waiting:
                    guard state.heldBy[waiterAddress, default: 0] < perAddress else {
                        index += 1
                        continue
                    }
                    state.order.remove(at: index)
                    state.take(for: waiterAddress)
                    if case .waiting(let continuation) = waiter {
                        state.waiters[id] = nil
                        return continuation
                    }
                    state.waiters[id]?.waiter = .granted
                    return nil
                case .granted, .failed:
                    state.order.remove(at: index)
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

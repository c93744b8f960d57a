/// One request's way through a client's addresses: where each attempt goes, and whether a pause comes first.
///
/// A connection or TLS failure, 502, 503 or 504 moves on to the next address (in `order`, then round again); an
/// address that failed TLS is not tried again by this request, since it would fail the same way. Other retryable
/// answers (429, other 5xx) are retried where they came from. An address this request has not tried yet is tried at
/// once; one it tried before only after the retry policy's pause.
struct FailoverRoute {
    /// What an attempt's failure asks of the route.
    enum Failure {
        /// Try the same address again (429, a 5xx other than 502, 503, 504).
        case retryHere
        /// Move on to the next address (a connection failure, 502, 503, 504).
        case moveOn
        /// Move on, and never come back to this address in this request (a TLS failure).
        case dropAndMoveOn
    }

    private let order: [Int]
    private var position = 0
    private var tried: Set<Int> = []
    private var dropped: Set<Int> = []

    /// A route over the addresses' indices in `order` (never empty), starting at the first.
    init(order: [Int]) {
        precondition(!order.isEmpty, "a route needs an address")
        self.order = order
    }

    /// The address of the next attempt.
    var current: Int { order[position] }

    /// How many addresses the route covers.
    var count: Int { order.count }

    /// Where the attempt after `failure` at `current` goes, and whether it waits for the retry policy's pause first;
    /// nil when no address is left.
    mutating func next(after failure: Failure) -> (address: Int, pause: Bool)? {
        tried.insert(current)
        switch failure {
        case .retryHere:
            return (current, true)
        case .dropAndMoveOn:
            dropped.insert(current)
        case .moveOn:
            break
        }
        for step in 1...order.count {
            let candidate = (position + step) % order.count
            guard !dropped.contains(order[candidate]) else { continue }
            position = candidate
            return (order[candidate], tried.contains(order[candidate]))
        }
        return nil
    }
}

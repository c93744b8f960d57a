import ProviderValues

/// Retries for connection errors, 5xx and 429: at most 3 attempts, full-jitter backoff from 100 ms to 2 s, never past
/// the deadline.
package struct RetryPolicy: Sendable {
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration

    package init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Whether an answer with `status` is worth another attempt.
    package static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1): random in [0, min(max, base * 2^(attempt-1))].
    package func delay(after attempt: Int) -> Duration {
        let cap = min(maxDelay, baseDelay * (1 << min(attempt - 1, 16)))
        return .nanoseconds(Int64.random(in: 0...max(cap.wholeNanoseconds, 0)))
    }
}

/// Why a call to Vault failed; texts carry Vault's own words and never a token or secret value.
package enum VaultError: Error, Sendable, CustomStringConvertible {
    /// Vault answered with an error status.
    case http(method: String, url: String, status: Int, errors: [String])
    /// Vault could not be reached (after retries).
    case unreachable(url: String, reason: String)
    /// The TLS connection to Vault could not be established.
    case tls(url: String, reason: String)
    /// Vault's answer could not be understood.
    case invalidResponse(url: String, problem: String)
    /// The local settings for Vault cannot be used (a missing CA file, a bad address).
    case invalidSettings(String)
    /// The caller's deadline passed.
    case deadlineExceeded
    /// The caller went away.
    case cancelled
    /// Several addresses were tried and none answered usefully: each one's last failure, in the order tried.
    case everyAddressFailed([VaultError])

    package var description: String {
        switch self {
        case .http(let method, let url, let status, let errors):
            let details =
                errors.isEmpty
                ? (status == 404 ? " nothing found at this path" : " (none)")
                : " " + VaultError.capped(errors.map { "* \($0)" }.joined(separator: " "))
            return "Error making API request. URL: \(method) \(url) Code: \(status). Errors:\(details)"
        case .unreachable(let url, let reason):
            return "Vault at \(url) is unreachable: \(reason)"
        case .tls(let url, let reason):
            return "TLS connection to \(url) failed: \(reason)"
        case .invalidResponse(let url, let problem):
            return "unexpected response from \(url): \(problem)"
        case .invalidSettings(let problem):
            return problem
        case .deadlineExceeded:
            return "the request's deadline passed before Vault answered"
        case .cancelled:
            return "the request was cancelled"
        case .everyAddressFailed(let failures):
            return "no Vault address answered: " + failures.map(\.description).joined(separator: "; ")
        }
    }

    /// The most of Vault's own error texts a message carries: they end up in pod events.
    package static let maxErrorTextBytes = 1024

    /// `text` cut to `maxErrorTextBytes` at a character boundary, saying how much was left out.
    static func capped(_ text: String) -> String {
        guard text.utf8.count > maxErrorTextBytes else { return text }
        var kept = ""
        var bytes = 0
        for character in text {
            bytes += character.utf8.count
            guard bytes <= maxErrorTextBytes else { break }
            kept.append(character)
        }
        return kept + " ... (\(text.utf8.count - kept.utf8.count) more bytes)"
    }
}

import ProviderValues
import ProxyEnvironment

/// How requests reach Vault, from the variables Vault's Go client reads: the proxies (`HTTPS_PROXY`, `HTTP_PROXY`,
/// `NO_PROXY`, `VAULT_PROXY_ADDR`), `VAULT_MAX_RETRIES` and `VAULT_CLIENT_TIMEOUT`.
package struct VaultTransportSettings: Sendable, Hashable {
    /// The standard proxy variables, honoured per Vault address.
    package var proxies: ProxySettings
    /// `VAULT_PROXY_ADDR` (or the older `VAULT_HTTP_PROXY`): every Vault request goes through it, `NO_PROXY` and
    /// loopback included, as Go's `http.ProxyURL` does.
    package var vaultProxy: ProxyAddress?
    /// Retries after the first attempt (`VAULT_MAX_RETRIES`, default 2: three attempts).
    package var maxRetries: Int
    /// One Vault request's limit, retries included (`VAULT_CLIENT_TIMEOUT`); never past the mount's deadline.
    package var requestTimeout: Duration?
    /// Whether the addresses of one list are one cluster, so that a token from one is good at all of them
    /// (`-vault-addresses-share-tokens`, default true); false binds each token to the address that issued it.
    package var addressesShareTokens: Bool
    /// How long an address that answered after a failover is tried first (30 s; tests shorten it).
    package var failoverHold: Duration

    /// No proxy, two retries, no timeout beyond the mount's deadline; listed addresses share tokens.
    package init(
        proxies: ProxySettings = ProxySettings(), vaultProxy: ProxyAddress? = nil, maxRetries: Int = 2,
        requestTimeout: Duration? = nil, addressesShareTokens: Bool = true,
        failoverHold: Duration = FailoverState.defaultHold
    ) {
        self.proxies = proxies
        self.vaultProxy = vaultProxy
        self.maxRetries = maxRetries
        self.requestTimeout = requestTimeout
        self.addressesShareTokens = addressesShareTokens
        self.failoverHold = failoverHold
    }

    /// Reads the variables; a value that cannot be used throws `EnvironmentError`.
    package init(environment: [String: String]) throws {
        do {
            proxies = try ProxySettings(environment: environment)
            let vaultProxyVariable = ["BAO_PROXY_ADDR", "VAULT_PROXY_ADDR", "VAULT_HTTP_PROXY"].first {
                !(environment[$0] ?? "").isEmpty
            }
            vaultProxy = try vaultProxyVariable.map { try ProxyAddress(parsing: environment[$0]!, variable: $0) }
        } catch let error as ProxyError {
            throw EnvironmentError(variable: error.variable, value: "", problem: error.description)
        }
        // The OpenBao twin wins over the Vault name, as in OpenBao's Go client.
        func variable(_ names: String...) -> (name: String, value: String)? {
            names.lazy.compactMap { name in environment[name].flatMap { $0.isEmpty ? nil : (name, $0) } }.first
        }
        addressesShareTokens = true
        failoverHold = FailoverState.defaultHold
        maxRetries = 2
        if let (name, text) = variable("BAO_MAX_RETRIES", "VAULT_MAX_RETRIES") {
            guard let retries = Int(text), (0...Self.maxRetries).contains(retries) else {
                throw EnvironmentError(
                    variable: name, value: text, problem: "not a whole number of retries (0 to \(Self.maxRetries))")
            }
            maxRetries = retries
        }
        requestTimeout = nil
        if let (name, text) = variable("BAO_CLIENT_TIMEOUT", "VAULT_CLIENT_TIMEOUT") {
            guard let timeout = VaultTransportSettings.parseTimeout(text) else {
                throw EnvironmentError(variable: name, value: text, problem: "not a duration (60, 90s, 2m)")
            }
            // 0 keeps the default, as in Vault's Go client.
            requestTimeout = timeout > .zero ? timeout : nil
        }
    }

    /// The most retries `VAULT_MAX_RETRIES` may ask for: each waits up to 2 s, so more only wait out the deadline.
    static let maxRetries = 100

    /// The proxy for Vault at `scheme://host:port`, or nil to go direct.
    package func proxy(scheme: String, host: String, port: Int) -> ProxyAddress? {
        vaultProxy ?? proxies.proxy(scheme: scheme, host: host, port: port)
    }

    /// Seconds as a bare number, `Nd` days, else a Go duration.
    static func parseTimeout(_ text: String) -> Duration? {
        if let seconds = Int(text) { return seconds >= 0 ? .seconds(seconds) : nil }
        if text.hasSuffix("d"), let days = Int(text.dropLast()), days >= 0 {
            let (seconds, overflow) = days.multipliedReportingOverflow(by: 86_400)
            return overflow ? nil : .seconds(seconds)
        }
        return GoDuration.parse(text)
    }
}

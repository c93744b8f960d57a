import Crypto
import FoundationEssentials
import ProviderConfiguration
import ProviderValues

/// Content-derived object versions: base64url(HMAC-SHA256(key, configuration JSON + content)).
package struct VersionSigner: Sendable {
    private let key: SymmetricKey

    /// A signer with a given 32-byte key (from the cluster's HMAC Secret).
    package init(key: Data) {
        self.key = SymmetricKey(data: key)
    }

    /// A signer with a random in-memory key: versions then only compare within this process.
    package static func processLocal() -> VersionSigner {
        VersionSigner(key: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The version of one object given its configuration and rendered content.
    package func version(of object: SecretObject, contents: Data) -> String {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Data(object.configurationJSON.utf8))
        mac.update(data: contents)
        return Base64URL.encode(mac.finalize())
    }

    /// The version of an optional object left out: its configuration behind a prefix that no configuration's JSON
    /// (always `{...}`) starts with, so it never equals a present object's version.
    package func version(ofAbsent object: SecretObject) -> String {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Data(("absent:" + object.configurationJSON).utf8))
        return Base64URL.encode(mac.finalize())
    }
}

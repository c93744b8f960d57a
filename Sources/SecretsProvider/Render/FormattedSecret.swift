import FoundationEssentials
import ProviderConfiguration
import ProviderValues

/// `format`: every key of a secret's data in one file, without Vault's envelope.
enum FormattedSecret {
    /// The file contents of `data` in `format`; `label` starts the error of a key `env` cannot name.
    static func contents(of data: JSONValue, format: SecretFormat, label: String) throws -> Data {
        switch format {
        case .json:
            return Data(data.canonicalJSON.utf8)
        case .env:
            guard case .object(let members) = data else {
                throw MountError(.invalidArgument, label + "format env: the data is not a set of keys")
            }
            var text = ""
            for key in members.keys.sorted() {
                guard isShellName(key) else {
                    throw MountError(
                        .invalidArgument,
                        label
                            + "format env: the key \(Quoted(key)) is not a shell variable name ([A-Za-z_][A-Za-z0-9_]*)"
                    )
                }
                text += key + "=" + singleQuoted(members[key].map(Self.text) ?? "") + "\n"
            }
            return Data(text.utf8)
        }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isShellName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return key.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    /// A POSIX shell single-quoted word: `'` becomes `'\''`; everything else, newlines included, stays as is.
    static func singleQuoted(_ value: String) -> String {
        "'" + value.replacing("'", with: #"'\''"#) + "'"
    }

    /// A string as itself, anything else as its compact JSON.
    private static func text(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return value.canonicalJSON
    }
}

import Foundation

/// Serialises JSON-compatible values (dictionaries, arrays, strings, numbers, booleans, NSNull) to JSON.
package enum JSONText {
    /// JSON bytes of `object`, keys sorted and slashes unescaped.
    package static func data(_ object: Any) -> Data {
        // Every caller passes values built from JSON-compatible types, so serialisation cannot fail.
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }

    /// JSON text of `object`.
    package static func string(_ object: Any) -> String {
        String(decoding: data(object), as: UTF8.self)
    }
}

import ProviderConfiguration
import ProviderValues

/// A Go-style command-line flag set: `-name=value`, `-name value`, `--name=value`, `--name value`, bare booleans.
package struct GoFlagSet: Sendable {
    /// What a flag accepts.
    package enum Kind: Sendable {
        case string
        case bool
        case int
        case duration
        /// A string that may be given several times; every value counts (`Parsed.strings`).
        case repeatable
    }

    /// One declared flag.
    package struct Flag: Sendable {
        package let name: String
        package let kind: Kind
        package let defaultValue: String
        package let usage: String

        package init(_ name: String, _ kind: Kind, default defaultValue: String = "", usage: String) {
            self.name = name
            self.kind = kind
            self.defaultValue = defaultValue
            self.usage = usage
        }
    }

    /// A command line that cannot be parsed; exits 2.
    package enum UsageError: Error, Equatable, CustomStringConvertible {
        case unknownFlag(String)
        case missingValue(String)
        case invalidValue(flag: String, value: String, expected: String)
        case helpRequested

        package var description: String {
            switch self {
            case .unknownFlag(let name): return "flag provided but not defined: -\(name)"
            case .missingValue(let name): return "flag needs an argument: -\(name)"
            case .invalidValue(let flag, let value, let expected):
                return "invalid value \"\(value)\" for flag -\(flag): \(expected)"
            case .helpRequested: return "help requested"
            }
        }
    }

    /// The result: values set on the command line, and the positional arguments.
    package struct Parsed: Sendable {
        /// Flags given explicitly, by name (booleans as "true"/"false").
        package var values: [String: String]
        /// Arguments after the flags.
        package var arguments: [String]
        /// The declarations, for the defaults.
        let flags: [Flag]

        /// The flag's value: as given, else its declared default ("" for an undeclared name).
        package func string(_ name: String) -> String {
            values[name] ?? declared(name)?.defaultValue ?? ""
        }

        /// The value when given and not empty; nil otherwise (the default is not applied).
        package func given(_ name: String) -> String? {
            values[name].flatMap { $0.isEmpty ? nil : $0 }
        }

        /// An int flag's value; parsing checked it, and the set's declaration checked its default.
        package func int(_ name: String) -> Int {
            Int(string(name)) ?? 0
        }

        /// A bool flag's value.
        package func bool(_ name: String) -> Bool {
            GoBool.parse(string(name)) ?? false
        }

        /// A repeatable flag's values in order (its default alone when it was not given; none for an empty value).
        package func strings(_ name: String) -> [String] {
            string(name).split(separator: GoFlagSet.repeatSeparator, omittingEmptySubsequences: true).map(String.init)
        }

        /// A duration flag's value.
        package func duration(_ name: String) -> Duration {
            GoDuration.parse(string(name)) ?? .zero
        }

        private func declared(_ name: String) -> Flag? {
            let flag = flags.first { $0.name == name }
            assert(flag != nil, "flag -\(name) is not declared")
            return flag
        }
    }

    package let flags: [Flag]

    /// Joins a repeatable flag's values in `Parsed.values` (no path or address holds it).
    static let repeatSeparator: Character = "\n"

    /// Declares `flags`; a default that does not parse as its kind is a programming error, caught here.
    package init(_ flags: [Flag]) {
        for flag in flags where !flag.defaultValue.isEmpty {
            precondition(
                (try? GoFlagSet.validated(flag.defaultValue, for: flag)) != nil,
                "flag -\(flag.name): bad default")
        }
        self.flags = flags
    }

    /// Parses `arguments` (without the program name); stops at `--` or the first non-flag argument, as Go does.
    package func parse(_ arguments: [String]) throws -> Parsed {
        let byName = Dictionary(flags.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else { break }
            var body = argument.dropFirst(argument.hasPrefix("--") ? 2 : 1)
            if body.hasPrefix("-") || body.hasPrefix("=") || body.isEmpty {
                throw UsageError.unknownFlag(String(body))
            }
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                inlineValue = String(body[body.index(after: equals)...])
                body = body[..<equals]
            }
            let name = String(body)
            if name == "h" || name == "help", byName[name] == nil { throw UsageError.helpRequested }
            guard let flag = byName[name] else { throw UsageError.unknownFlag(name) }
            index += 1
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if flag.kind == .bool {
                value = "true"
            } else {
                guard index < arguments.count else { throw UsageError.missingValue(name) }
                value = arguments[index]
                index += 1
            }
            let checked = try GoFlagSet.validated(value, for: flag)
            if flag.kind == .repeatable, let earlier = values[name] {
                values[name] = earlier + String(Self.repeatSeparator) + checked
            } else {
                values[name] = checked
            }
        }
        return Parsed(values: values, arguments: Array(arguments[index...]), flags: flags)
    }

    /// The typed view of `values` gathered over several `parse` calls (a command with flags after its arguments).
    package func parsed(values: [String: String], arguments: [String]) -> Parsed {
        Parsed(values: values, arguments: arguments, flags: flags)
    }

    /// The usage text, one flag per entry, like Go's `flag.PrintDefaults`.
    package var usage: String {
        flags.map { flag in
            let placeholder: String
            switch flag.kind {
            case .bool: placeholder = ""
            case .int: placeholder = " int"
            case .duration: placeholder = " duration"
            case .string: placeholder = " string"
            case .repeatable: placeholder = " value"
            }
            let quoted = flag.kind == .string || flag.kind == .repeatable
            let shown = quoted ? "\"\(flag.defaultValue)\"" : flag.defaultValue
            let fallback = flag.defaultValue.isEmpty || flag.defaultValue == "false" ? "" : " (default \(shown))"
            return "  -\(flag.name)\(placeholder)\n    \t\(flag.usage)\(fallback)"
        }.joined(separator: "\n")
    }

    private static func validated(_ value: String, for flag: Flag) throws -> String {
        switch flag.kind {
        case .string, .repeatable:
            return value
        case .bool:
            guard let parsed = GoBool.parse(value) else {
                throw UsageError.invalidValue(flag: flag.name, value: value, expected: "parse error")
            }
            return parsed ? "true" : "false"
        case .int:
            guard Int(value) != nil else {
                throw UsageError.invalidValue(flag: flag.name, value: value, expected: "parse error")
            }
            return value
        case .duration:
            guard GoDuration.parse(value) != nil else {
                throw UsageError.invalidValue(flag: flag.name, value: value, expected: "parse error")
            }
            return value
        }
    }
}

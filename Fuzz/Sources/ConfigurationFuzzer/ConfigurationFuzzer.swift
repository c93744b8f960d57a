import Foundation
import Glibc
import ProviderConfiguration
import ProviderValues

/// libFuzzer's driver (from -sanitize=fuzzer's runtime).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point under SwiftPM's name for it: hands the command line to libFuzzer.
@_cdecl("ConfigurationFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    // Swift's runtime backtracer catches the crash signals first, and libFuzzer leaves a signal alone when a handler is
    // already there: a trap would print a backtrace but write no crash file. The default actions give them back to
    // libFuzzer, which writes the input to -artifact_prefix before it exits.
    for signal in [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV] { Glibc.signal(signal, SIG_DFL) }
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}

/// libFuzzer's entry point. The first byte picks a parser (modulo 8: selectors 0 to 4 kept their numbers when 5 to 7
/// came); the rest is its input. Each parser must return or throw, never crash, and what it accepts must hold the
/// invariants checked here.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard let selector = bytes.first else { return 0 }
    let input = bytes.dropFirst()
    let text = String(decoding: input, as: UTF8.self)
    switch selector % 8 {
    case 0: attributes(text)
    case 1: objects(text)
    case 2: path(text)
    case 3: permission(text)
    case 4: lint(text)
    case 5: template(input)
    case 6: vaultAnswer(input)
    default: pointer(input)
    }
    return 0
}

/// An invariant: when it fails, its message is printed (`precondition`'s is dropped in an optimised build) and the
/// process traps, so libFuzzer keeps the input.
private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { failed(message()) }
}

private func failed(_ message: String) -> Never {
    fatalError("invariant failed: \(message)")
}

/// The whole MountRequest parse: attributes JSON, the objects YAML inside it, the permission.
private func attributes(_ text: String) {
    guard
        let configuration = try? MountConfiguration(
            attributes: text, secrets: "{}", permission: "420", targetPath: "/t")
    else { return }
    check(configuration.objects)
}

/// The objects YAML alone, as a class's `objects` parameter.
private func objects(_ text: String) {
    guard let objects = try? ObjectsParser.parse(text) else { return }
    check(objects)
}

/// Accepted objects are few enough, uniquely named, and their names are safe paths.
private func check(_ objects: [SecretObject]) {
    require(!objects.isEmpty && objects.count <= Limits.maxObjects, "object count out of bounds")
    require(Set(objects.map(\.objectName)).count == objects.count, "duplicate object names accepted")
    for object in objects {
        require(VolumePath.problem(with: object.objectName) == nil, "an unsafe objectName was accepted")
        require(!object.objectName.contains("\0"), "a NUL in an objectName was accepted")
        if let mode = object.filePermission { require((0...0o777).contains(mode), "filePermission out of range") }
        if let template = object.template {
            require(TemplateSyntax.problem(in: template) == nil, "a broken template was accepted")
        }
    }
}

/// A path that passes contains no traversal.
private func path(_ text: String) {
    guard VolumePath.problem(with: text) == nil else { return }
    let elements = text.split(separator: "/", omittingEmptySubsequences: false)
    require(
        !text.hasPrefix("/") && !elements.contains("..") && !elements.contains("."),
        "traversal accepted: \(text.debugDescription)")
}

private func permission(_ text: String) {
    if let mode = FilePermission.parseYAML(text) { require((0...0o777).contains(mode), "mode out of range") }
    if let mode = try? FilePermission.parseRequest(text) { require(mode >= 0, "negative mode") }
}

/// The linter reads any text and reports, never crashes.
private func lint(_ text: String) {
    _ = SecretProviderClassLinter.lint(file: "fuzz.yaml", text: text)
}

// MARK: Templates and Vault answers

/// The data a template or pointer is given when the input's data part is not JSON: a string with characters HTML
/// would escape, numbers, a list, nested objects, null and false.
private let fallbackData: JSONValue = .object([
    "name": .string("app"),
    "password": .string("p&<\"'s"),
    "port": .number("5432"),
    "ratio": .number("1e+300"),
    "list": .array([.string("a"), .number("1"), .null, .bool(true), .object(["k": .string("v")]), .array([])]),
    "nested": .object(["a": .object(["b": .string("c")]), "list": .array([.string("x"), .string("y")])]),
    "empty": .array([]),
    "flag": .bool(false),
    "none": .null,
])

/// `input` cut at its first NUL: the text before, and the JSON after (the fallback data when it is missing or is not
/// JSON).
private func split(_ input: Slice<UnsafeBufferPointer<UInt8>>) -> (text: String, data: JSONValue) {
    guard let nul = input.firstIndex(of: 0) else { return (String(decoding: input, as: UTF8.self), fallbackData) }
    let text = String(decoding: input[..<nul], as: UTF8.self)
    let data = (try? JSONValue(parsing: Data(input[(nul + 1)...]))) ?? fallbackData
    return (text, data)
}

/// A template the syntax check accepts renders, or fails with a reason, and what renders stays within the byte limit.
private func template(_ input: Slice<UnsafeBufferPointer<UInt8>>) {
    let (template, data) = split(input)
    guard TemplateSyntax.problem(in: template) == nil else { return }
    let limit = 64 * 1024
    switch TemplateRenderer.render(template, data: data, limit: limit) {
    case .success(let text):
        require(text.utf8.count <= limit, "rendered \(text.utf8.count) bytes past the limit of \(limit)")
    case .failure(.missing(let names)):
        require(!names.isEmpty, "missing names reported without a name")
        require(names == names.sorted() && Set(names).count == names.count, "missing names not sorted and unique")
    case .failure(.unparsable):
        require(false, "a template the syntax check accepted did not parse when rendered")
    case .failure(.tooLarge):
        break
    }
}

/// 2026-12-04T00:00:00Z, the `now` expiries are measured from.
private let fixedNow = 1_796_342_400.0

/// A Vault answer (a read's lease, a login's token): every lifetime taken from it is bounded, and renewal times
/// computed from any TTL never trap and never fall before now. The answer's canonical JSON reads back as the answer.
private func vaultAnswer(_ input: Slice<UnsafeBufferPointer<UInt8>>) {
    // Any Int the input spells in its first 8 bytes, besides the extremes, as a TTL.
    var raw: UInt64 = 0
    for byte in input.prefix(8) { raw = raw << 8 | UInt64(byte) }
    var ttls = [Int.min, Int.max, -1, 0, Int(truncatingIfNeeded: raw)]
    defer { for ttl in ttls { checkRenewal(ttl: ttl) } }
    guard let json = try? JSONValue(parsing: Data(input)) else { return }
    let lifetimes = [
        json["lease_duration"], json["auth"]?["lease_duration"], json["data"]?["ttl"], json["data"]?["expiration"],
    ]
    for value in lifetimes {
        let seconds = VaultLifetime.seconds(value)
        if let seconds {
            require((0...VaultLifetime.maximumSeconds).contains(seconds), "seconds \(seconds) out of range")
            ttls.append(seconds)
        }
        if case .number? = value { require(seconds != nil, "a JSON number gave no seconds") }
        if let until = VaultLifetime.secondsUntil(value, now: fixedNow) {
            require((0...Double(VaultLifetime.maximumSeconds)).contains(until), "seconds until \(until) out of range")
        }
    }
    let canonical = json.canonicalJSON
    guard let again = try? JSONValue(parsing: Data(canonical.utf8)) else {
        failed("canonical JSON does not parse: \(canonical.debugDescription)")
    }
    require(equivalent(again, json), "canonical JSON reads back as another value: \(canonical.debugDescription)")
    require(again.canonicalJSON == canonical, "canonical JSON is not stable: \(canonical.debugDescription)")
}

private func checkRenewal(ttl: Int) {
    let now = ContinuousClock.now
    for fraction in [0.5, 2.0 / 3.0] {
        let time = VaultLifetime.renewalTime(after: now, ttl: ttl, fraction: fraction)
        require(time >= now, "renewal before now for ttl \(ttl)")
        require(time <= now + .seconds(VaultLifetime.maximumSeconds), "renewal past ten years for ttl \(ttl)")
    }
}

/// Equal, numbers compared by value: the parser may spell a number another way on the way back (`1e+15`, a
/// double that is a whole number) without changing it.
private func equivalent(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return x == y || Double(x) == Double(y)
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && x.allSatisfy { key, value in y[key].map { equivalent(value, $0) } ?? false }
    default: return a == b
    }
}

/// A JSON Pointer (the text before the first NUL) over JSON data (after it): parsing and resolving never crash, a
/// parsed pointer spells back to itself, and each step of a resolved pointer resolves too.
private func pointer(_ input: Slice<UnsafeBufferPointer<UInt8>>) {
    let (text, data) = split(input)
    // The renderer's dotted names go through the same resolve.
    _ = JSONPointer(tokens: text.split(separator: ".").map(String.init)).resolve(in: data)
    guard let pointer = JSONPointer(text) else { return }
    let spelled =
        "/"
        + pointer.tokens.map { $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }
        .joined(separator: "/")
    require(JSONPointer(spelled) == pointer, "a pointer does not spell back: \(text.debugDescription)")
    guard pointer.resolve(in: data) != nil else { return }
    for count in 0..<pointer.tokens.count {
        require(
            JSONPointer(tokens: Array(pointer.tokens.prefix(count))).resolve(in: data) != nil,
            "a step of a resolved pointer does not resolve")
    }
}

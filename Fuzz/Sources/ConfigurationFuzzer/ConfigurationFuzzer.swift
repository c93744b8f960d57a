import ProviderConfiguration

/// libFuzzer's driver (from -sanitize=fuzzer's runtime).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point under SwiftPM's name for it: hands the command line to libFuzzer.
@_cdecl("ConfigurationFuzzer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}

/// libFuzzer's entry point. The first byte picks a parser; the rest is its input. Each parser must return or
/// throw a ConfigurationError, never crash, and what it accepts must hold the invariants checked here.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard let selector = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    switch selector % 5 {
    case 0: attributes(text)
    case 1: objects(text)
    case 2: path(text)
    case 3: permission(text)
    default: lint(text)
    }
    return 0
}

/// The whole MountRequest parse: attributes JSON, the objects YAML inside it, the permission.
private func attributes(_ text: String) {
    guard let configuration = try? MountConfiguration(attributes: text, secrets: "{}", permission: "420", targetPath: "/t") else { return }
    check(configuration.objects)
}

/// The objects YAML alone, as a class's `objects` parameter.
private func objects(_ text: String) {
    guard let objects = try? ObjectsParser.parse(text) else { return }
    check(objects)
}

/// Accepted objects are few enough, uniquely named, and their names are safe paths.
private func check(_ objects: [SecretObject]) {
    precondition(!objects.isEmpty && objects.count <= Limits.maxObjects, "object count out of bounds")
    precondition(Set(objects.map(\.objectName)).count == objects.count, "duplicate object names accepted")
    for object in objects {
        precondition(VolumePath.problem(with: object.objectName) == nil, "an unsafe objectName was accepted")
        precondition(!object.objectName.contains("\0"), "a NUL in an objectName was accepted")
        if let mode = object.filePermission { precondition((0...0o777).contains(mode), "filePermission out of range") }
        if let template = object.template { precondition(TemplateSyntax.problem(in: template) == nil, "a broken template was accepted") }
    }
}

/// A path that passes contains no traversal.
private func path(_ text: String) {
    guard VolumePath.problem(with: text) == nil else { return }
    let elements = text.split(separator: "/", omittingEmptySubsequences: false)
    precondition(!text.hasPrefix("/") && !elements.contains("..") && !elements.contains("."), "traversal accepted: \(text.debugDescription)")
}

private func permission(_ text: String) {
    if let mode = FilePermission.parseYAML(text) { precondition((0...0o777).contains(mode), "mode out of range") }
    if let mode = try? FilePermission.parseRequest(text) { precondition(mode >= 0, "negative mode") }
}

/// The linter reads any text and reports, never crashes.
private func lint(_ text: String) {
    _ = SecretProviderClassLinter.lint(file: "fuzz.yaml", text: text)
}

import Foundation
import NewTemplates
import OldTemplates
import ProviderValues

/// What one template gives with one data set and limit.
enum Outcome: Equatable {
    case text(String)
    case missing([String])
    case tooLarge
    /// TemplateSyntax accepted the template but the renderer could not parse it.
    case renderUnparsable
    case unparsable(line: Int, column: Int, reason: String)
    /// The old engine trapped (swift-mustache's parser slices before a section's body when a one-character
    /// delimiter closes the section right at its start).
    case oldCrashed

    var json: [String: Any] {
        switch self {
        case .text(let text): ["text": text]
        case .missing(let names): ["missing": names]
        case .tooLarge: ["tooLarge": true]
        case .renderUnparsable: ["renderUnparsable": true]
        case .oldCrashed: ["oldCrashed": true]
        case .unparsable(let line, let column, let reason): ["unparsable": ["line": line, "column": column, "reason": reason]]
        }
    }
}

struct Case {
    let template: String
    let data: Int?
    let limit: Int
}

/// Templates that crash the old engine, found by trying each template that sets a one-character delimiter in a
/// child process (`template-compat probe`, the template on standard input).
nonisolated(unsafe) var crashing: Set<String> = []

func crashes(_ template: String) -> Bool {
    let setsShortDelimiter = OldTemplates.TemplateTags(template).tags.contains { tag in
        tag.sigil == "=" && (tag.name.split(whereSeparator: \.isWhitespace).first?.count ?? 0) == 1
    }
    guard setsShortDelimiter else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["probe"]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try! process.run()
    input.fileHandleForWriting.write(Data(template.utf8))
    try! input.fileHandleForWriting.close()
    process.waitUntilExit()
    return process.terminationStatus != 0 || process.terminationReason != .exit
}

func old(_ template: String, _ data: JSONValue?, _ limit: Int) -> Outcome {
    if crashing.contains(template) { return .oldCrashed }
    if let problem = OldTemplates.TemplateSyntax.problem(in: template) {
        return .unparsable(line: problem.line, column: problem.column, reason: problem.reason)
    }
    switch OldTemplates.TemplateRenderer.render(template, data: data ?? .null, limit: limit) {
    case .success(let text): return .text(text)
    case .failure(.missing(let names)): return .missing(names)
    case .failure(.tooLarge): return .tooLarge
    case .failure(.unparsable): return .renderUnparsable
    }
}

func new(_ template: String, _ data: JSONValue?, _ limit: Int) -> Outcome {
    if let problem = NewTemplates.TemplateSyntax.problem(in: template) {
        return .unparsable(line: problem.line, column: problem.column, reason: problem.reason)
    }
    switch NewTemplates.TemplateRenderer.render(template, data: data ?? .null, limit: limit) {
    case .success(let text): return .text(text)
    case .failure(.missing(let names)): return .missing(names)
    case .failure(.tooLarge): return .tooLarge
    case .failure(.unparsable): return .renderUnparsable
    }
}

let dataSets = try Corpus.dataSets.map { try JSONValue(parsing: Data($0.utf8)) }
let templates = Corpus.fixed() + Corpus.random(count: 2500, seed: 22)
let smallLimits = [0, 8, 30, 64, 200]

/// Each template: unparsable once; else with data sets 0, 1, 2 and one of the others at the default limit, and with
/// one data set at a small limit.
func cases() -> [Case] {
    var cases: [Case] = []
    for (index, template) in templates.enumerated() {
        if crashes(template) {
            crashing.insert(template)
            cases.append(Case(template: template, data: nil, limit: OldTemplates.Limits.maxFileBytes))
            continue
        }
        if OldTemplates.TemplateSyntax.problem(in: template) != nil {
            cases.append(Case(template: template, data: nil, limit: OldTemplates.Limits.maxFileBytes))
            continue
        }
        for data in [0, 1, 2, 3 + index % (dataSets.count - 3)] {
            cases.append(Case(template: template, data: data, limit: OldTemplates.Limits.maxFileBytes))
        }
        cases.append(Case(template: template, data: index % dataSets.count, limit: smallLimits[index % smallLimits.count]))
    }
    return cases
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "probe" {
    let template = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    _ = old(template, dataSets[0], OldTemplates.Limits.maxFileBytes)
    exit(0)
}
if arguments.first == "bench" {
    // `bench [old] [KiB]`: times TemplateSyntax plus TemplateRenderer on adversarial templates (1024 KiB by default).
    let useOld = arguments.dropFirst().first == "old"
    let size = 1024 * (Int(arguments.last ?? "") ?? 1024)
    let depth = 64
    let inputs: [(String, String)] = [
        ("{{ repeated", String(repeating: "{{", count: size / 2)),
        ("text and variables in sections \(depth) deep", String(repeating: "{{#t}}", count: depth)
            + String(repeating: "x{{x}}\n", count: (size - 12 * depth) / 7) + String(repeating: "{{/t}}", count: depth)),
        ("sibling sections", String(repeating: "{{#t}}{{x}}{{/t}}", count: size / 17)),
        ("near-miss 8-character delimiters", "{{=<<<<<<<< >>>>>>>>=}}" + String(repeating: "<<<<<<<x", count: size / 8) + "<<<<<<<<x>>>>>>>>"),
        ("unclosed comment", "{{!" + String(repeating: "}", count: size)),
        ("{{#t}} repeated (too deep)", String(repeating: "{{#t}}", count: size / 6)),
    ]
    let data = JSONValue.object(["t": .bool(true), "x": .string("v")])
    for (label, template) in inputs {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = useOld ? old(template, data, 4 * size) : new(template, data, 4 * size)
        }
        print("\(useOld ? "old" : "new") \(size / 1024) KiB \(label): \(elapsed)")
    }
    exit(0)
}
let all = cases()
switch arguments.first {
case "record":
    let output = arguments.dropFirst().first ?? "../Fixtures/templates/compat.json"
    var records: [[String: Any]] = []
    for item in all {
        var record: [String: Any] = ["template": item.template, "limit": item.limit]
        record["data"] = item.data ?? NSNull()
        record["expected"] = old(item.template, item.data.map { dataSets[$0] }, item.limit).json
        records.append(record)
    }
    // One case a line, so that a change shows as a readable diff.
    func line(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]), as: UTF8.self)
    }
    var text = "{\"about\": " + (try line("Outcomes of swift-mustache 2.1.1 through the provider's template code of 891cc61; regenerate with Tests/TemplateCompat (README.md)."))
    text += ",\n\"data\": [\n" + (try Corpus.dataSets.map(line).joined(separator: ",\n"))
    text += "\n],\n\"cases\": [\n" + (try records.map(line).joined(separator: ",\n")) + "\n]}\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
    print("recorded \(records.count) cases of \(templates.count) templates to \(output)")
default:
    var differences = 0
    var kinds: [String: Int] = [:]
    for item in all {
        let data = item.data.map { dataSets[$0] }
        let expected = old(item.template, data, item.limit)
        kinds["\(expected)".prefix(while: { $0 != "(" }).description, default: 0] += 1
        let actual = new(item.template, data, item.limit)
        if expected != actual {
            differences += 1
            if differences <= 40 {
                print("DIFF template=\(item.template.debugDescription) data=\(item.data.map(String.init) ?? "-") limit=\(item.limit)\n  old: \(expected)\n  new: \(actual)")
            }
        }
    }
    print("\(all.count) cases of \(templates.count) templates, \(differences) differ; outcomes: \(kinds.sorted { $0.key < $1.key })")
}

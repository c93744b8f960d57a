import FoundationEssentials
import ProviderValues

/// Reads one of `lint`'s files as UTF-8 text; `-` is standard input. A failure is reported as a finding.
enum LintInput {
    struct ReadFailure: Error {
        let reason: String
    }

    static func read(_ file: String, standardInput: () -> [UInt8]) -> Result<String, ReadFailure> {
        let data: Data
        if file == "-" {
            data = Data(standardInput())
        } else {
            let kind = FileKind.at(file)
            guard kind != .missing else {
                return .failure(ReadFailure(reason: "cannot read the file: no such file"))
            }
            if kind == .directory { return .failure(ReadFailure(reason: "cannot read the file: it is a directory")) }
            guard let contents = FileManager.default.contents(atPath: file) else {
                return .failure(ReadFailure(reason: "cannot read the file: permission denied or an I/O error"))
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ReadFailure(reason: "not valid YAML: the file is not UTF-8 text"))
        }
        return .success(text)
    }
}

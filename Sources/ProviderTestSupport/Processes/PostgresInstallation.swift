import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where PostgreSQL's programs are, and how to run the server-side ones (as `postgres` when we are root).
struct PostgresInstallation: Sendable {
    /// The folder holding `initdb`, `postgres`, `pg_isready` and `psql`.
    let binDirectory: String
    /// `runuser` when running as root (initdb and postgres refuse root), else nil.
    let runuser: String?
    /// The `postgres` account's uid and gid when running as root.
    let serverOwner: (uid: uid_t, gid: gid_t)?

    /// The newest `/usr/lib/postgresql/<version>/bin` (Debian), else the folder of `initdb` on PATH.
    static func locate() throws -> PostgresInstallation {
        guard let binDirectory = debianBinDirectory() ?? pathBinDirectory() else {
            throw TestSupportError(
                "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/postgres, no initdb on PATH): "
                    + "install it with `apt-get install postgresql`")
        }
        guard geteuid() == 0 else {
            return PostgresInstallation(binDirectory: binDirectory, runuser: nil, serverOwner: nil)
        }
        guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: isExecutable) else {
            throw TestSupportError(
                "running as root, PostgreSQL must run as `postgres`, but there is no runuser (util-linux)")
        }
        guard let account = getpwnam("postgres") else {
            throw TestSupportError(
                "running as root, PostgreSQL must run as `postgres`, but there is no such user: "
                    + "install it with `apt-get install postgresql`, which creates it")
        }
        return PostgresInstallation(
            binDirectory: binDirectory, runuser: runuser, serverOwner: (account.pointee.pw_uid, account.pointee.pw_gid))
    }

    /// The full path of one of PostgreSQL's programs.
    func tool(_ name: String) -> String {
        binDirectory + "/" + name
    }

    /// Executable and arguments that run `tool` as the server's owner (through runuser when root).
    func asServerOwner(_ name: String, _ arguments: [String]) -> (executable: String, arguments: [String]) {
        guard let runuser else { return (tool(name), arguments) }
        return (runuser, ["-u", "postgres", "--", tool(name)] + arguments)
    }

    /// Hands `path` to the server's owner when running as root; a no-op otherwise.
    func giveToServerOwner(_ path: String) throws {
        guard let owner = serverOwner else { return }
        guard chown(path, owner.uid, owner.gid) == 0 else {
            throw TestSupportError("chown postgres \(path) failed: \(String(cString: strerror(errno)))")
        }
    }

    private static func debianBinDirectory() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let newest =
            versions
            .filter { isExecutable("\(root)/\($0)/bin/postgres") }
            .max { versionNumbers($0).lexicographicallyPrecedes(versionNumbers($1)) }
        return newest.map { "\(root)/\($0)/bin" }
    }

    private static func pathBinDirectory() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map(String.init).first {
            isExecutable($0 + "/initdb") && isExecutable($0 + "/postgres")
        }
    }

    /// "9.6" -> [9, 6], "15" -> [15]: numeric order, so 15 beats 9.6.
    private static func versionNumbers(_ name: String) -> [Int] {
        name.split(separator: ".").map { Int($0) ?? -1 }
    }

    private static func isExecutable(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }
}

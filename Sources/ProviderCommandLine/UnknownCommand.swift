/// A positional argument that is not a known subcommand.
package struct UnknownCommand: Error, CustomStringConvertible {
    package let name: String

    package var description: String {
        "unknown command \"\(name)\"; the commands are: lint, mount, version (no command serves)"
    }
}

import ProviderValues

/// The top level of `vault-csi-provider`: which command runs, the usage text, `version`, and the exit status.
package enum ProviderCommand {
    /// Runs `arguments` (without the program name) and returns the exit status. `lint` and `mount` run here;
    /// `version` prints `version`; without a command the serve options are parsed and `serve` runs: 0 when it
    /// returns, 1 when it throws. Usage and environment errors exit 2; `-h` exits 0.
    package static func run(
        _ arguments: [String], environment: [String: String], version: String,
        streams: CommandStreams, serve: (ServeOptions) async throws -> Void
    ) async -> Int32 {
        switch arguments.first {
        case "lint": return LintCommand.run(Array(arguments.dropFirst()), streams: streams)
        case "mount":
            return await MountCommand.run(Array(arguments.dropFirst()), environment: environment, streams: streams)
        default: break
        }
        let options: ServeOptions
        do {
            let parsed = try ServeFlags.set.parse(arguments)
            if parsed.bool("version") || parsed.arguments.first == "version" {
                streams.output("vault-csi-provider \(version)\n")
                return 0
            }
            if let command = parsed.arguments.first {
                throw UnknownCommand(name: command)
            }
            options = try ServeOptions(flags: parsed, environment: environment)
        } catch GoFlagSet.UsageError.helpRequested {
            streams.error(usage)
            return 0
        } catch let error as EnvironmentError {
            // The environment, not the command line, is wrong: no flag usage that would suggest otherwise.
            streams.error("vault-csi-provider: \(error)\n")
            return 2
        } catch {
            streams.error("\(error)\n")
            streams.error(usage)
            return 2
        }
        do {
            try await serve(options)
            return 0
        } catch {
            streams.error("vault-csi-provider: \(error)\n")
            return 1
        }
    }

    /// The usage text printed for `-h` and usage errors: the commands, then the serve flags.
    package static var usage: String {
        """
        Usage of vault-csi-provider:
          vault-csi-provider [flags]          serve the provider API
          vault-csi-provider lint FILE...     check SecretProviderClass manifests offline
          vault-csi-provider mount FILE ...   perform a pod's mount from a laptop (mount -h for its flags)
          vault-csi-provider version          print the version
        \(ServeFlags.set.usage)

        """
    }
}

import Logging
import ProviderLogging
import ProviderWiring

/// `vault-csi-provider mount FILE --namespace NS --service-account SA --target DIR ...`: a pod's mount from a laptop.
/// Parses the command line, sets up logging, and runs `LocalMount`.
package enum MountCommand {
    /// Runs the command; the exit status: 0 mounted, 1 failed, 2 usage.
    package static func run(
        _ arguments: [String], environment: [String: String],
        streams: CommandStreams
    ) async -> Int32 {
        func standardError(_ text: String) {
            streams.error(text.hasSuffix("\n") ? text : text + "\n")
        }
        let options: MountOptions
        do {
            options = try MountOptions(arguments)
        } catch GoFlagSet.UsageError.helpRequested {
            standardError(MountFlags.usage)
            return 0
        } catch {
            standardError("\(error)\n\(MountFlags.usage)")
            return 2
        }
        LoggingSystem.bootstrap { [level = options.logLevel] label in
            guard let level else { return SwiftLogNoOpLogHandler() }
            return LineLogHandler(label: label, level: level, format: .text, output: LogOutput(stream: .error))
        }
        do {
            let mounted = try await LocalMount.run(
                options.local, environment: environment, logger: Logger(label: "vault-csi-provider"),
                print: streams.output, printError: standardError)
            return mounted ? 0 : 1
        } catch let error as MountCommandUsageError {
            standardError("vault-csi-provider mount: \(error)")
            return 2
        } catch {
            standardError("vault-csi-provider mount: \(error)")
            return 1
        }
    }
}

import FoundationEssentials
import Logging
import ProviderConfiguration
import ProviderValues
import ProviderLogging
import ProviderWiring

/// `vault-csi-provider mount FILE --namespace NS --service-account SA --target DIR ...`: a pod's mount from a laptop.
/// Parses the command line, sets up logging, and runs `LocalMount`.
enum MountCommand {
    /// Runs the command; the exit status: 0 mounted, 1 failed, 2 usage.
    static func run(_ arguments: [String]) async -> Int32 {
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
                options.local, environment: ProcessInfo.processInfo.environment, logger: Logger(label: "vault-csi-provider"),
                print: { Swift.print($0, terminator: "") }, printError: standardError)
            return mounted ? 0 : 1
        } catch let error as MountCommandUsageError {
            standardError("vault-csi-provider mount: \(error)")
            return 2
        } catch {
            standardError("vault-csi-provider mount: \(error)")
            return 1
        }
    }

    private static func standardError(_ text: String) {
        StandardStream.error.write(text.hasSuffix("\n") ? text : text + "\n")
    }
}

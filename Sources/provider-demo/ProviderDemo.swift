import Foundation
import ProviderTestSupport

/// `provider-demo demo`: the provider end to end against a throwaway OpenBao.
/// `provider-demo rig`: starts OpenBao and the Kubernetes stand-in for the interop test, prints their details
/// as one JSON line, and stops them when standard input closes.
@main
enum ProviderDemo {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "demo":
                try await Demo(arguments: Array(arguments.dropFirst())).run()
            case "rig":
                try await Rig.run()
            default:
                FileHandle.standardError.write(
                    Data("usage: provider-demo demo --provider PATH --class FILE | provider-demo rig\n".utf8))
                exit(2)
            }
        } catch {
            FileHandle.standardError.write(Data("provider-demo: \(error)\n".utf8))
            exit(1)
        }
    }
}

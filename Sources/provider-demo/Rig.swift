import Foundation
import ProviderTestSupport

/// The interop test's environment: OpenBao and the stand-in, described on one line of JSON.
enum Rig {
    static func run() async throws {
        let environment = try await DemoEnvironment.start()
        let description: [String: String] = [
            "vault_addr": environment.bao.address,
            "role": environment.role,
            "pod_name": environment.pod.name,
            "namespace": environment.pod.namespace,
            "pod_uid": environment.pod.uid,
            "service_account": environment.pod.serviceAccount,
            "jwt": environment.podToken(),
            "username": DemoEnvironment.appSecret["username"]!,
            "password": DemoEnvironment.appSecret["password"]!,
        ]
        let line = try JSONSerialization.data(withJSONObject: description, options: [.sortedKeys])
        FileHandle.standardOutput.write(line + Data("\n".utf8))
        // Serve until the test closes our standard input.
        while readLine() != nil {}
        await environment.stop()
    }
}

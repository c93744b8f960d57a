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
            // The throwaway server's root token, for measurements that write their own secrets.
            "root_token": environment.bao.rootToken,
        ]
        let line = try JSONSerialization.data(withJSONObject: description, options: [.sortedKeys])
        FileHandle.standardOutput.write(line + Data("\n".utf8))
        // Answer the test's requests, one JSON line each, until it closes our standard input.
        while let request = readLine() {
            FileHandle.standardOutput.write(Data((answer(request, environment: environment) + "\n").utf8))
        }
        await environment.stop()
    }

    /// `pods COUNT PREFIX`: tokens for that many distinct pods of the service account (`{"pods":[{name,uid,jwt}]}`);
    /// `reviews`: how many TokenReviews OpenBao has asked of the stand-in, that is how many logins there were;
    /// `node NAME PATH`: the rig's pod runs on node NAME, and PATH gets the stand-in's kubeconfig (for a provider
    /// started with `-node-name=NAME`: its pod watch runs, and its renewer).
    private static func answer(_ request: String, environment: DemoEnvironment) -> String {
        let words = request.split(separator: " ").map(String.init)
        switch words.first {
        case "pods" where words.count == 3 && Int(words[1]) != nil:
            let pods = (0..<Int(words[1])!).map { index -> [String: String] in
                let name = "\(words[2])-\(index)"
                let uid = "\(name)-\(UUID().uuidString.prefix(8).lowercased())"
                let jwt = environment.kubernetes.mintServiceAccountToken(
                    namespace: environment.pod.namespace, serviceAccount: environment.pod.serviceAccount,
                    podName: name, podUID: uid, audiences: ["vault"])
                return ["name": name, "uid": uid, "jwt": jwt]
            }
            return json(["pods": pods])
        case "node" where words.count == 3:
            let pod = environment.pod
            environment.kubernetes.addPod(
                name: pod.name, namespace: pod.namespace, uid: pod.uid, node: words[1],
                serviceAccount: pod.serviceAccount)
            do {
                try environment.kubernetes.kubeconfig().write(toFile: words[2], atomically: true, encoding: .utf8)
                return json(["kubeconfig": words[2]])
            } catch {
                return json(["error": "\(error)"])
            }
        case "reviews":
            return json(["token_reviews": environment.kubernetes.tokenReviewCount])
        default:
            return json(["error": "unknown request: \(request)"])
        }
    }

    private static func json(_ object: Any) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8),
            as: UTF8.self)
    }
}

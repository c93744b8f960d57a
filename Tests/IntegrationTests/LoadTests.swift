import Foundation
import ProviderConfiguration
import ProviderTestSupport
import XCTest

/// A node full of starting pods: 256 mounts of distinct pods at once, each its own login, all correct.
final class LoadTests: ProviderTestCase {
    func test256ConcurrentMountsOfDistinctPodsAllSucceed() async throws {
        let pods = 256
        let reviewsBefore = environment.kubernetes.tokenReviewCount
        let results = await withTaskGroup(of: Result<[String: String], any Error>.self) { group in
            for index in 0..<pods {
                group.addTask { [environment = environment!, provider = provider!] in
                    let uid = "load-\(index)-\(UUID().uuidString.prefix(8))"
                    let token = environment.kubernetes.mintServiceAccountToken(
                        namespace: environment.pod.namespace, serviceAccount: environment.pod.serviceAccount,
                        podName: "load-\(index)", podUID: uid, audiences: ["vault"])
                    var parameters = try! JSONSerialization.jsonObject(
                        with: Data(environment.attributes(parameters: ["roleName": environment.role, "objects": Self.appObjects], token: token).utf8))
                        as! [String: String]
                    parameters[AttributeKeys.podName] = "load-\(index)"
                    parameters[AttributeKeys.podUID] = uid
                    let attributes = String(decoding: try! JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
                    return await Result {
                        let response = try await provider.driver.mount(
                            attributes: attributes, targetPath: try provider.targetPath(podUID: uid, create: false), timeout: .seconds(110))
                        return Dictionary(uniqueKeysWithValues: response.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
                    }
                }
            }
            var all: [Result<[String: String], any Error>] = []
            for await result in group { all.append(result) }
            return all
        }
        let failures = results.compactMap { result -> String? in
            if case .failure(let error) = result { return "\(error)" }
            return nil
        }
        XCTAssertEqual(failures.count, 0, "errors: \(failures.prefix(3))")
        let expected = ["username": DemoEnvironment.appSecret["username"]!, "password": DemoEnvironment.appSecret["password"]!]
        XCTAssertEqual(results.filter { (try? $0.get()) == expected }.count, pods, "every pod got its files")
        XCTAssertEqual(environment.kubernetes.tokenReviewCount - reviewsBefore, pods, "one login per pod: no token served two pods")
    }
}

private extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

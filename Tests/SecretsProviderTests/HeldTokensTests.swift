import Foundation
import ProviderConfiguration
import VaultContract
import XCTest

@testable import SecretsProvider

/// The per-pod token list behind renewal and revocation stays bounded: without the node's pod watch (whose DELETED
/// events end each pod's list) it keeps nothing.
final class HeldTokensTests: XCTestCase {
    func vault() throws -> ResolvedVault {
        try ResolvedVault(process: VaultSettings(address: "http://127.0.0.1:8200"), mount: VaultSettings())
    }

    func key(pod uid: String) throws -> TokenCacheKey {
        let configuration = try MountConfiguration(
            parameters: [
                "roleName": "app", "objects": "- {objectName: a, secretPath: p}",
                "csi.storage.k8s.io/pod.uid": uid, "csi.storage.k8s.io/serviceAccount.name": "sa",
            ],
            permission: "420", targetPath: "/t")
        let vault = try ResolvedVault(
            process: VaultSettings(address: "http://127.0.0.1:8200"), mount: configuration.vault)
        return TokenCacheKey(vault: vault, configuration: configuration)
    }

    func testNothingIsKeptWithoutTheWatchAndEveryPodsTokensOnceItRuns() async throws {
        let held = HeldTokens(clock: .system)
        for index in 0..<100 {
            await held.add(
                VaultToken(clientToken: "t\(index)", leaseDuration: 3600, renewable: true),
                key: try key(pod: "pod-\(index)"), vault: try vault())
        }
        var pods = await held.podCount
        XCTAssertEqual(pods, 0, "no watch: no DELETED events would ever end these lists")
        await held.startRecording()
        await held.add(
            VaultToken(clientToken: "a", leaseDuration: 3600, renewable: true), key: try key(pod: "pod-1"),
            vault: try vault())
        pods = await held.podCount
        XCTAssertEqual(pods, 1)
        let taken = await held.take(podUID: "pod-1")
        XCTAssertEqual(taken.map(\.clientToken), ["a"])
        pods = await held.podCount
        XCTAssertEqual(pods, 0)
    }
}

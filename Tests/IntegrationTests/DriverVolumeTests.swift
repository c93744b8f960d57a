import Foundation
import GRPCCore
import ProviderTestSupport
import SecretsProvider
import XCTest

/// Provider mode writes only into the driver's volume of the asking pod: a tmpfs mount point at
/// `<kubelet-dir>/pods/<pod uid>/volumes/kubernetes.io~csi/<volume>/mount`. Each test
/// is one row of the table in docs/write-modes.md, with real tmpfs mounts and plain directories.
final class DriverVolumeTests: ProviderTestCase {
    // MARK: auto

    func testAutoWritesIntoATmpfsMountPoint() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid)
        let response = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertTrue(response.files.isEmpty, "the provider wrote the files")
        XCTAssertEqual(readText(target + "/password"), DemoEnvironment.appSecret["password"])
    }

    func testAutoHandsTheFilesToTheDriverForAMissingTarget() async throws {
        let target = try provider.targetPath(podUID: environment.pod.uid, create: false)
        let response = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(response.files.map(\.path), ["username", "password"])
    }

    /// Broken mount propagation: the provider would write onto the node's disk, under the tmpfs the pod sees.
    func testAutoHandsTheFilesToTheDriverForAPlainDirectoryAndSaysWhyOnce() async throws {
        let target = try provider.plainTargetPath(podUID: environment.pod.uid)
        for _ in 0..<2 {
            let response = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
            XCTAssertEqual(response.files.map(\.path), ["username", "password"])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [], "nothing on the node's disk")
        let notices = provider.logs.text.split(separator: "\n").filter {
            $0.contains("is not the driver's tmpfs volume")
        }
        XCTAssertEqual(notices.count, 1, "logged once per target: \(notices)")
        XCTAssertTrue(
            notices.first?.hasPrefix("info") == true && notices.first?.contains("it is not a mount point") == true,
            "\(notices)")
    }

    /// A mount point of another file system (ramfs here) is not the driver's volume either.
    func testAutoHandsTheFilesToTheDriverForANonTmpfsMountPoint() async throws {
        let target = try provider.plainTargetPath(podUID: environment.pod.uid)
        guard mount("ramfs", target, "ramfs", 0, nil) == 0 else {
            throw TestSupportError("mount -t ramfs failed: \(String(cString: strerror(errno)))")
        }
        defer { _ = umount2(target, 2) }
        let response = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(response.files.count, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [])
        XCTAssertTrue(provider.logs.text.contains("its file system is not tmpfs"), provider.logs.text)
    }

    func testAutoRefusesATargetOutsideTheKubeletPods() async throws {
        let outside = provider.workDirectory + "/outside"
        try TmpfsVolume.mount(at: outside)
        let error = try await failedMount(outside)
        XCTAssertEqual(error.code, .invalidArgument, error.message)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
    }

    // MARK: provider

    func testProviderModeWritesIntoATmpfsMountPoint() async throws {
        try await restart(writeMode: .provider)
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
    }

    func testProviderModeRefusesAPlainDirectory() async throws {
        try await restart(writeMode: .provider)
        let target = try provider.plainTargetPath(podUID: environment.pod.uid)
        let error = try await failedMount(target)
        XCTAssertEqual(error.code, .failedPrecondition, error.message)
        XCTAssertEqual(
            error.message,
            "target_path \(target) is not the driver's tmpfs volume (is the kubelet's pods directory mounted "
                + "with HostToContainer propagation?); refusing to write secrets to the node's disk")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [], "nothing written")
    }

    /// A node carries hundreds of mounts (token projections, emptyDirs, CSI volumes): the mount table runs to many
    /// pages, and the target's line comes after all of them.
    func testProviderModeWritesOnANodeWithFiveHundredOtherMounts() async throws {
        try await restart(writeMode: .provider)
        for index in 0..<500 { try TmpfsVolume.mount(at: "\(provider.workDirectory)/node/\(index)") }
        let target = try provider.targetPath(podUID: environment.pod.uid)
        _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        XCTAssertEqual(readText(target + "/username"), DemoEnvironment.appSecret["username"])
    }

    /// Only the asking pod's own CSI volume: another pod's, or another tmpfs under the pod's directory, is refused.
    func testProviderModeRefusesAnotherPodsVolumeAndOtherPlacesUnderThePod() async throws {
        try await restart(writeMode: .provider)
        let others = [
            try provider.targetPath(podUID: "another-pod-uid"),
            provider.kubeletDirectory + "/pods/\(environment.pod.uid)/volumes/kubernetes.io~empty-dir/cache",
            provider.kubeletDirectory + "/pods/\(environment.pod.uid)/volumes/kubernetes.io~csi/secrets/mount/nested",
        ]
        for target in others.dropFirst() { try TmpfsVolume.mount(at: target) }
        for target in others {
            let error = try await failedMount(target)
            XCTAssertEqual(error.code, .invalidArgument, error.message)
            XCTAssertTrue(
                error.message.hasPrefix(
                    "target_path \"\(target)\" is not a CSI volume of pod \(environment.pod.uid) ("),
                error.message)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target), [], "nothing written")
        }
    }

    func testProviderModeRefusesAMissingTarget() async throws {
        try await restart(writeMode: .provider)
        let error = try await failedMount(try provider.targetPath(podUID: environment.pod.uid, create: false))
        XCTAssertEqual(error.code, .failedPrecondition, error.message)
    }

    func testProviderModeRefusesATargetOutsideTheKubeletPods() async throws {
        try await restart(writeMode: .provider)
        let outside = provider.workDirectory + "/outside"
        try TmpfsVolume.mount(at: outside)
        let error = try await failedMount(outside)
        XCTAssertEqual(error.code, .invalidArgument, error.message)
    }

    private func restart(writeMode: WriteMode) async throws {
        await provider.stop()
        provider = try await startProvider(writeMode: writeMode)
    }

    private func failedMount(_ target: String) async throws -> RPCError {
        do {
            _ = try await provider.driver.mount(attributes: attributes(Self.appObjects), targetPath: target)
        } catch let error as RPCError {
            return error
        }
        XCTFail("expected the mount to fail")
        return RPCError(code: .unknown, message: "")
    }
}

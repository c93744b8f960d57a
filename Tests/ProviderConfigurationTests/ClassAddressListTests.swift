import ProviderConfiguration
import Testing

/// A class's `vaultAddress` (or its twins) may list several addresses; none may be a `unix://` socket.
@Suite struct ClassAddressListTests {
    func configuration(_ parameters: [String: String]) throws -> MountConfiguration {
        try MountConfiguration(
            parameters: parameters.merging(["roleName": "app", "objects": "- {objectName: a, secretPath: s/a}"]) {
                own, _ in own
            },
            permission: "420", targetPath: "/t")
    }

    func failure(_ parameters: [String: String]) -> String? {
        do {
            _ = try configuration(parameters)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aListIsKeptAsWritten() throws {
        let list = "https://vault-0:8200, https://vault-1:8200"
        #expect(try configuration(["vaultAddress": list]).vault.address == list)
    }

    @Test func aSocketAnywhereInTheListIsRefusedUnderTheParametersName() {
        let socket = failure(["baoAddress": "https://vault-0:8200, unix:///run/docker.sock"])
        #expect(
            socket?.hasPrefix("baoAddress: unix:// addresses are only accepted from the provider's own settings")
                == true,
            "\(socket ?? "accepted")")
        #expect(failure(["vaultAddress": "https://a,UNIX:///x"]) != nil)
    }

    @Test func aListWithoutAnAddressIsRefused() {
        #expect(failure(["vaultAddress": " , "]) == #"vaultAddress: " , " lists no address"#)
    }
}

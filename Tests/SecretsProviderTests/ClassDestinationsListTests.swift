import ProviderConfiguration
import Testing

@testable import SecretsProvider

/// With `-allowed-vault-addresses`, every address a class lists must be allowed: a failover may reach any of them.
@Suite struct ClassDestinationsListTests {
    let destinations = ClassDestinations(
        addresses: ["https://vault-0.example.com", "https://vault-1.example.com"], audiences: nil)

    func configuration(address: String) throws -> MountConfiguration {
        try MountConfiguration(
            parameters: ["roleName": "app", "objects": "- {objectName: a, secretPath: s/a}", "vaultAddress": address],
            permission: "420", targetPath: "/t")
    }

    @Test func aListOfAllowedAddressesPasses() throws {
        try destinations.check(configuration(address: "https://vault-0.example.com:8200, https://vault-1.example.com"))
    }

    @Test func oneAddressOutsideFailsTheMountNamingIt() throws {
        let configuration = try configuration(address: "https://vault-0.example.com, https://evil.example.com")
        let error = #expect(throws: MountError.self) { try destinations.check(configuration) }
        #expect(error?.code == .permissionDenied)
        #expect(
            error?.message.hasPrefix(
                #"vaultAddress "https://evil.example.com" is not allowed by -allowed-vault-addresses"#) == true,
            "\(error?.message ?? "")")
    }
}

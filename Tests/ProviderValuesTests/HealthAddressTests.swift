import ProviderValues
import Testing

@Suite struct HealthAddressTests {
    @Test func parsesGoStyleAddresses() throws {
        let everywhere = try #require(HealthAddress(":8080"))
        #expect(everywhere.host == "0.0.0.0" && everywhere.port == 8080)
        let loopback = try #require(HealthAddress("127.0.0.1:0"))
        #expect(loopback.host == "127.0.0.1" && loopback.port == 0)
        let ipv6 = try #require(HealthAddress("[::1]:9090"))
        #expect(ipv6.host == "::1" && ipv6.port == 9090)
        #expect(ipv6.description == "[::1]:9090")
    }

    @Test(arguments: ["8080", ":", ":http", ":65536", "host:-1", "a b:80", ""])
    func refusesWhatIsNotHostColonPort(_ text: String) {
        #expect(HealthAddress(text) == nil)
    }
}

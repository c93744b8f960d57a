import ProviderValues
import Testing

/// A Vault address setting lists one address or several, comma-separated; spaces and empty elements do not count.
@Suite struct VaultAddressListTests {
    @Test func oneAddressIsAListOfOne() throws {
        let list = try #require(VaultAddressList("https://vault:8200"))
        #expect(list.addresses == ["https://vault:8200"])
        #expect(!list.isFailover)
        #expect(list.description == "https://vault:8200")
    }

    @Test func elementsAreTrimmedAndEmptyOnesDropped() throws {
        let list = try #require(VaultAddressList(" https://a:8200 ,, https://b:8200/ ,\thttp://c:8200, "))
        #expect(list.addresses == ["https://a:8200", "https://b:8200/", "http://c:8200"])
        #expect(list.isFailover)
        #expect(list.description == "https://a:8200,https://b:8200/,http://c:8200")
    }

    @Test(arguments: ["", ",", " , ,", "\t"])
    func textWithoutAnAddressIsNoList(_ text: String) {
        #expect(VaultAddressList(text) == nil)
    }

    @Test func spellingsOfOneListAreEqual() {
        #expect(VaultAddressList("https://a, https://b") == VaultAddressList("https://a,https://b,"))
        #expect(VaultAddressList("https://a,https://b") != VaultAddressList("https://b,https://a"))
    }
}

import ProviderValues
import XCTest

/// The one LRU behind the token cache, the lease cache and the Vault client pool.
final class LRUCacheTests: XCTestCase {
    func testTheLeastRecentlyUsedFallsOutAndIsReturned() {
        var cache = LRUCache<String, Int>(capacity: 2)
        XCTAssertEqual(cache.set(1, for: "a"), [])
        XCTAssertEqual(cache.set(2, for: "b"), [])
        XCTAssertEqual(cache.value(for: "a"), 1, "reading a makes b the least recently used")
        XCTAssertEqual(cache.set(3, for: "c"), [2])
        XCTAssertNil(cache.peek("b"))
        XCTAssertEqual(cache.count, 2)
        XCTAssertEqual(cache.set(4, for: "c"), [], "replacing a key evicts nothing")
        XCTAssertEqual(cache.peek("c"), 4)
    }

    func testPeekDoesNotCountAsUse() {
        var cache = LRUCache<String, Int>(capacity: 2)
        cache.set(1, for: "a")
        cache.set(2, for: "b")
        _ = cache.peek("a")
        XCTAssertEqual(cache.set(3, for: "c"), [1])
    }

    func testRemovalAndZeroCapacity() {
        var cache = LRUCache<String, Int>(capacity: 3)
        for (index, key) in ["a", "b", "c"].enumerated() { cache.set(index, for: key) }
        cache.remove("b")
        cache.removeAll { _, value in value == 2 }
        XCTAssertEqual(cache.count, 1)
        XCTAssertEqual(cache.removeAll(), [0])
        XCTAssertEqual(cache.count, 0)
        var none = LRUCache<String, Int>(capacity: 0)
        XCTAssertEqual(none.set(1, for: "a"), [1], "nothing is kept")
        XCTAssertNil(none.value(for: "a"))
    }
}

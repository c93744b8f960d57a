#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds free TCP ports on 127.0.0.1 by binding and releasing them.
enum LoopbackPortFinder {
    /// A port P such that P and P+1 are both free right now (OpenBao's dev server listens on both).
    static func freePortPair(attempts: Int = 100) throws -> Int {
        for _ in 0..<attempts {
            guard let first = bindLoopback(port: 0) else { continue }
            defer { _ = close(first.descriptor) }
            guard first.port > 0, first.port < 65535 else { continue }
            guard let second = bindLoopback(port: first.port + 1) else { continue }
            _ = close(second.descriptor)
            return first.port
        }
        throw TestSupportError("could not find two adjacent free loopback ports after \(attempts) attempts")
    }

    /// Binds a TCP socket to 127.0.0.1:`port` (0 = any); nil when the port is taken.
    private static func bindLoopback(port: Int) -> (descriptor: Int32, port: Int)? {
        #if canImport(Darwin)
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            _ = close(descriptor)
            return nil
        }
        var actual = sockaddr_in()
        var actualLength = length
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &actualLength) }
        }
        guard named == 0 else {
            _ = close(descriptor)
            return nil
        }
        return (descriptor, Int(UInt16(bigEndian: actual.sin_port)))
    }
}

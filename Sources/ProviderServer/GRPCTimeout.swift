/// Parses the `grpc-timeout` header (gRPC over HTTP/2: 1 to 8 ASCII digits, then one of `H M S m u n`) into a
/// duration; anything else is nil (the Mount then runs without the client's deadline).
enum GRPCTimeout {
    static func parse(_ header: String) -> Duration? {
        let digits = header.utf8.dropLast()
        guard let unit = header.last, (1...8).contains(digits.count),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let amount = Int64(String(decoding: digits, as: UTF8.self))
        else { return nil }
        switch unit {
        case "H": return .seconds(amount * 3600)
        case "M": return .seconds(amount * 60)
        case "S": return .seconds(amount)
        case "m": return .milliseconds(amount)
        case "u": return .microseconds(amount)
        case "n": return .nanoseconds(amount)
        default: return nil
        }
    }
}

/// Parses the `grpc-timeout` header (`<digits><H|M|S|m|u|n>`) into a duration.
enum GRPCTimeout {
    static func parse(_ header: String) -> Duration? {
        guard let unit = header.last, let amount = Int64(header.dropLast()), amount >= 0, header.count <= 9 else { return nil }
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

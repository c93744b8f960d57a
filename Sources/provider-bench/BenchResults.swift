/// Everything one benchmark run measured; times in milliseconds, memory in KiB.
struct BenchResults: Sendable {
    /// One burst of concurrent mounts, (d).
    struct Burst: Sendable {
        var total: Double
        var latencies: [Double]
        var errors: Int
        var firstError: String?
        var counts: VaultCounts
    }

    var direct: [Double] = []
    var cold: [Double] = []
    var warm: [Double] = []
    var directCounts: [VaultCounts] = []
    var coldCounts: [VaultCounts] = []
    var warmCounts: [VaultCounts] = []
    var bursts: [Burst] = []
    var idleRSS: Int?
    var probedRSS: Int?
    var burstMaxRSS: Int?
    var peakRSS: Int?
    var startups: [Double] = []
    var nodeScale: [NodeScale.Result] = []
}

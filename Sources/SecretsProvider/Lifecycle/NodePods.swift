import ProviderValues

/// What the node's pod watch reports: which pods are alive (phase Pending or Running), and which were deleted in the
/// last ten minutes. Until the watch has listed the pods once, no pod counts as alive: no background renewal.
actor NodePods {
    /// Whether a watch has listed this node's pods.
    private(set) var watching = false
    private var alive: Set<String> = []
    private var deleted: [String: ContinuousClock.Instant] = [:]
    private let clock: CacheClock
    private let alarm: RenewalAlarm

    /// How long a deleted pod's uid is remembered, so that a Mount in flight revokes its token when it ends.
    static let deletedMemory = Duration.seconds(600)

    init(clock: CacheClock, alarm: RenewalAlarm = RenewalAlarm()) {
        self.clock = clock
        self.alarm = alarm
    }

    /// A fresh list: exactly these pods are alive.
    func listed(alive pods: Set<String>) {
        watching = true
        alive = pods
        if !pods.isEmpty { alarm.announce(clock.now()) }
    }

    /// A pod become alive may have renewals due already: the renewer looks now.
    func changed(uid: String, alive isAlive: Bool) {
        guard isAlive else {
            alive.remove(uid)
            return
        }
        if alive.insert(uid).inserted { alarm.announce(clock.now()) }
    }

    func deleted(uid: String) {
        alive.remove(uid)
        let now = clock.now()
        deleted = deleted.filter { now - $0.value < Self.deletedMemory }
        deleted[uid] = now
    }

    func isAlive(_ uid: String) -> Bool {
        watching && alive.contains(uid)
    }

    /// The alive pods, when the watch runs.
    var aliveSet: Set<String> { watching ? alive : [] }

    func wasDeletedRecently(_ uid: String) -> Bool {
        guard let when = deleted[uid] else { return false }
        return clock.now() - when < Self.deletedMemory
    }
}

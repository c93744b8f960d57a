import Logging
import ServiceLifecycleTestKit
import Testing

@testable import KubernetesClient
@testable import ProviderWiring

/// The pod watch on scripted lists and watches: what it tells the pipeline, and when it lists again or resumes.
@Suite struct PodWatcherTests {
    typealias Call = RecordedPodEvents.Call

    /// A watcher of node `n1` with millisecond retry pauses, running in the background.
    static func start(_ source: ScriptedPods, _ events: RecordedPodEvents) -> Task<Void, Never> {
        var watcher = PodWatcher(
            source: source, node: "n1", events: events,
            logger: Logger(label: "pod-watch-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        watcher.firstRetryPause = .milliseconds(1)
        watcher.longestRetryPause = .milliseconds(4)
        return Task { [watcher] in await watcher.watch() }
    }

    @Test func aListThenItsWatchTellTheProviderEachChange() async throws {
        let source = ScriptedPods(
            lists: [.success(([pod("a"), pod("b", "Succeeded"), pod("p", "Pending")], "10"))],
            watches: [
                ScriptedWatch(
                    events: [
                        (.changed(pod("c", "Pending")), "11"),
                        (.changed(pod("a", "Failed")), "12"),
                        (.deleted(pod("b", "Succeeded")), "13"),
                    ], ending: .staysOpen)
            ])
        let events = RecordedPodEvents()
        let watching = Self.start(source, events)
        #expect(await events.waitFor(4))
        watching.cancel()
        await watching.value
        #expect(
            events.calls == [
                .listed(alive: ["a", "p"], gone: []), .changed("c", alive: true),
                .changed("a", alive: false), .deleted("b"),
            ])
        #expect(source.watchedFrom == ["10"])
        #expect(source.listCount == 1)
    }

    @Test func anEndedWatchResumesFromItsLastResourceVersion() async throws {
        let source = ScriptedPods(
            lists: [.success(([pod("a")], "10"))],
            watches: [
                ScriptedWatch(events: [(.changed(pod("b")), "11"), (.changed(pod("b")), nil)], ending: .ends),
                ScriptedWatch(events: [(.deleted(pod("a")), "12")], ending: .ends),
            ])
        let events = RecordedPodEvents()
        let watching = Self.start(source, events)
        #expect(await events.waitFor(4))
        #expect(await eventually { source.watchedFrom.count == 3 })
        watching.cancel()
        await watching.value
        #expect(source.watchedFrom == ["10", "11", "12"], "each watch resumes where the last one ended, no new list")
        #expect(source.listCount == 1)
        #expect(
            events.calls == [
                .listed(alive: ["a"], gone: []), .changed("b", alive: true),
                .changed("b", alive: true), .deleted("a"),
            ])
    }

    @Test func aBrokenWatchListsAgainAndCountsMissingPodsAsGone() async throws {
        let source = ScriptedPods(
            lists: [.success(([pod("a")], "10")), .success(([pod("a")], "20"))],
            watches: [ScriptedWatch(events: [(.changed(pod("x")), "11")], ending: .breaks)])
        let events = RecordedPodEvents()
        let watching = Self.start(source, events)
        #expect(await events.waitFor(3))
        #expect(await eventually { source.watchedFrom.count == 2 })
        watching.cancel()
        await watching.value
        #expect(
            events.calls == [
                .listed(alive: ["a"], gone: []), .changed("x", alive: true),
                .listed(alive: ["a"], gone: ["x"]),
            ])
        #expect(source.watchedFrom == ["10", "20"], "the new watch starts from the new list")
    }

    @Test func anExpiredWatchListsAgain() async throws {
        let source = ScriptedPods(
            lists: [.success(([pod("a"), pod("b")], "10")), .success(([pod("b", "Failed")], "30"))],
            watches: [ScriptedWatch(events: [(.expired, nil)], ending: .ends)])
        let events = RecordedPodEvents()
        let watching = Self.start(source, events)
        #expect(await events.waitFor(2))
        #expect(await eventually { source.watchedFrom.count == 2 })
        watching.cancel()
        await watching.value
        #expect(events.calls == [.listed(alive: ["a", "b"], gone: []), .listed(alive: [], gone: ["a"])])
        #expect(source.watchedFrom == ["10", "30"])
        #expect(source.listCount >= 2)
    }

    @Test func aFailedListIsRetried() async throws {
        let source = ScriptedPods(lists: [.failure(ScriptedFailure()), .success(([pod("a")], "5"))], watches: [])
        let events = RecordedPodEvents()
        let watching = Self.start(source, events)
        #expect(await events.waitFor(1))
        #expect(await eventually { source.watchedFrom == ["5"] })
        watching.cancel()
        await watching.value
        #expect(events.calls == [.listed(alive: ["a"], gone: [])])
        #expect(source.listCount == 2)
    }

    @Test func aGracefulShutdownEndsTheWatchAfterTheDeletionInFlight() async throws {
        let source = ScriptedPods(
            lists: [.success(([pod("a")], "10"))],
            watches: [ScriptedWatch(events: [(.deleted(pod("a")), "11")], ending: .staysOpen)])
        let events = RecordedPodEvents(deletionTakes: .milliseconds(300))
        let watcher = PodWatcher(
            source: source, node: "n1", events: events,
            logger: Logger(label: "pod-watch-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await watcher.run() }
                #expect(await events.waitFor(2))
                trigger.triggerGracefulShutdown()
                try await group.next()
                #expect(events.finished == ["a"], "the deletion (a revocation) ended before the watch returned")
            }
        }
    }
}

/// Waits (at most `limit`) until `condition` holds.
func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let end = ContinuousClock.now + limit
    while ContinuousClock.now < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

import ArgumentParser
import Commissioning
import EventStore
import Foundation
import Logging
import PostgresClient
import Projections
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `docket bench worker`: the projection worker as a separate process, catching up and then following
/// a steady stream of appends: its rate, its peak memory and its lag.
struct WorkerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Projection worker: catch-up rate and peak memory over N synthetic events, then lag while events are appended at a steady rate.",
        discussion: """
            Records N events (--events, default 100,000) of the synthetic ledger into a scratch database. Catch-up: runs `docket worker --once` \
            as a child process and reports its rate and peak resident memory (its VmHWM, sampled), against reading and \
            decoding the same log without projecting. Live: starts `docket worker`, appends more of the ledger at \
            --rate events/s for --seconds, and measures each append's lag: from its commit until the findings \
            checkpoint (the last thing a batch writes) reaches it. The baseline is the LISTEN/NOTIFY latency of the \
            same appends: how soon any listener could have known. --json prints one object with the keys events, \
            baseline_eps, catch_up_eps, catch_up_peak_rss_mb, live_eps, live_peak_rss_mb, lag_p50_s, lag_p99_s, \
            lag_max_s, notify_p50_s and notify_max_s, and allocator (mimalloc or system: what this docket was linked with).
            """
    )

    @Option(help: "Events appended per second in the live phase.")
    var rate = 1_000

    @Option(name: .customLong("seconds"), help: "Length of the live phase in seconds.")
    var liveSeconds = 10

    @OptionGroup var options: BenchOptions
    var events: Int { options.events(default: 100_000) }
    var json: Bool { options.json }
    var database: DatabaseOptions { options.database }

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1 (got \(events))") }
        guard (10...100_000).contains(rate) else { throw ValidationError("--rate must be between 10 and 100000 events/s (got \(rate))") }
        guard (1...3_600).contains(liveSeconds) else { throw ValidationError("--seconds must be between 1 and 3600 (got \(liveSeconds))") }
    }

    func run() throws {
        let logger = CLILogging.logger()
        let conninfo = try database.conninfo(logger: logger)
        try ScratchDatabase.with(conninfo: conninfo, logger: logger) { scratch in
            let connection = try Connection(conninfo, database: scratch)
            var ledger = SyntheticLedger(seed: 1, plannedEvents: events + rate * liveSeconds)
            var recorder = CommissioningRecorder(store: EventStore(connection: connection))
            try recorder.recordSynthetic(events, from: &ledger, reportingProgress: !json)
            let store = EventStore(connection: connection)
            let head = try store.headPosition()
            let clock = ContinuousClock()

            var read = 0
            let baseline = try clock.measure {
                var after: Int64 = 0
                while let last = try store.readLog(after: after, limit: 10_000).last.map({ $0.position }) {
                    read += Int(last - after)
                    after = last
                }
            }

            let worker = ChildDocket(conninfo: connection.effectiveConninfo)
            if !json { FileHandle.standardError.write(Data("catching up with docket worker --once\n".utf8)) }
            var catchUpPeak = 0.0
            let catchUp = try clock.measure { catchUpPeak = try worker.run(["worker", "--once"]) }

            if !json { FileHandle.standardError.write(Data("following \(rate) events/s for \(liveSeconds) s\n".utf8)) }
            let live = try LivePhase(connection: connection, head: head).run(
                worker: worker, ledger: &ledger, recorder: &recorder, rate: rate, seconds: liveSeconds)

            var out = BenchReport(title: "docket bench worker: \(events) synthetic events, then \(rate) events/s for \(liveSeconds) s, same server, same run")
            out.add("events", key: "events", Double(events), unit: "")
            out.add("baseline: read and decode the log, no projection", key: "baseline_eps", Double(read) / seconds(baseline), unit: "events/s")
            out.add("catch-up: docket worker --once (child process)", key: "catch_up_eps", Double(head) / seconds(catchUp), unit: "events/s")
            out.add("catch-up: worker peak resident memory", key: "catch_up_peak_rss_mb", catchUpPeak, unit: "MB")
            out.add("live: appended", key: "live_eps", live.appendedPerSecond, unit: "events/s")
            out.add("live: worker peak resident memory", key: "live_peak_rss_mb", live.peakMB, unit: "MB")
            out.add("live: lag, median (commit to findings checkpoint)", key: "lag_p50_s", live.lag.quantile(0.5), unit: "s")
            out.add("live: lag, 99th percentile", key: "lag_p99_s", live.lag.quantile(0.99), unit: "s")
            out.add("live: lag, worst", key: "lag_max_s", live.lag.quantile(1), unit: "s")
            out.add("baseline: NOTIFY latency, median", key: "notify_p50_s", live.notify.quantile(0.5), unit: "s")
            out.add("baseline: NOTIFY latency, worst", key: "notify_max_s", live.notify.quantile(1), unit: "s")
            out.print(asJSON: json)
        }
    }
}

/// Durations in seconds, and their quantiles.
struct Samples {
    var values: [Double] = []

    func quantile(_ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded(.up)))]
    }
}

/// The live phase: appends on this thread at a steady rate while an observer thread watches the findings
/// checkpoint and the log's notifications.
private struct LivePhase {
    struct Result {
        var appendedPerSecond: Double
        var peakMB: Double
        var lag: Samples
        var notify: Samples
    }

    let connection: Connection
    let head: Int64

    func run(
        worker: ChildDocket, ledger: inout SyntheticLedger, recorder: inout CommissioningRecorder, rate: Int, seconds: Int
    ) throws -> Result {
        let observer = try Observer(connection: connection)
        observer.start()
        defer { observer.stop() }
        let process = try worker.start(["worker"])
        var stopped = false
        defer { if !stopped { _ = try? worker.stop(process) } }
        // Ready when it holds the worker lock, so its start is not counted as lag.
        let deadline = ContinuousClock.now + .seconds(60)
        while try !ProjectionLock.worker.holders(connection).contains(where: \.isDocketWorker) {
            guard ContinuousClock.now < deadline else { throw CLIError("the live worker did not start within 60 s") }
            Thread.sleep(forTimeInterval: 0.01)
        }
        let ticksPerSecond = 10
        let perTick = max(1, rate / ticksPerSecond)
        let start = ContinuousClock.now
        var commits: [(position: Int64, at: ContinuousClock.Instant)] = []
        for tick in 0..<(seconds * ticksPerSecond) {
            let due = start + .milliseconds(tick * 1000 / ticksPerSecond)
            if ContinuousClock.now < due { Thread.sleep(forTimeInterval: DocketCLI.seconds(due - ContinuousClock.now)) }
            let commands = ledger.next(perTick).enumerated().map { (location: "live \(tick) #\($0.offset)", json: $0.element) }
            let outcome = try recorder.record(commands, namespace: UUID())
            let committed = ContinuousClock.now
            if let last = outcome.lastPosition { commits.append((last, committed)) }
        }
        let elapsed = ContinuousClock.now - start
        let last = commits.last?.position ?? head
        guard observer.waitForCheckpoint(last, deadline: .now + .seconds(60)) else {
            throw CLIError("the live worker did not reach position \(last) within 60 s of the last append")
        }
        let peakMB = try worker.stop(process)
        stopped = true
        let (checkpoints, notifications) = observer.observations()
        var lag = Samples()
        var notify = Samples()
        for commit in commits {
            if let seen = checkpoints.first(where: { $0.position >= commit.position }) {
                lag.values.append(max(0, DocketCLI.seconds(seen.at - commit.at)))
            }
            if let heard = notifications.first(where: { $0.position >= commit.position }) {
                notify.values.append(max(0, DocketCLI.seconds(heard.at - commit.at)))
            }
        }
        return Result(
            appendedPerSecond: Double(last - head) / DocketCLI.seconds(elapsed), peakMB: peakMB, lag: lag, notify: notify)
    }
}

/// Watches, on its own thread and connections, the findings checkpoint (polled every few milliseconds)
/// and the log's notifications, noting when each position was first seen.
private final class Observer: @unchecked Sendable {
    typealias Sighting = (position: Int64, at: ContinuousClock.Instant)
    private struct State {
        var checkpoints: [Sighting] = []
        var notifications: [Sighting] = []
        var isStopped = false
    }

    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)
    // Used only by the observer thread once started.
    nonisolated(unsafe) private let poller: Connection
    nonisolated(unsafe) private let listener: Connection

    init(connection: Connection) throws {
        poller = try connection.openSibling()
        listener = try connection.openSibling()
        try listener.listen(EventStore.notificationChannel)
    }

    func start() {
        Thread { [self] in
            defer { done.signal() }
            var seen: Int64 = -1
            while !state.withLock({ $0.isStopped }) {
                if let notification = try? listener.waitForNotification(timeout: .milliseconds(3)) {
                    let at = ContinuousClock.now
                    if let position = Int64(notification.payload) {
                        state.withLock { $0.notifications.append((position, at)) }
                    }
                }
                guard let position = try? poller.query(
                    "SELECT position FROM projection.checkpoints WHERE name = 'findings'").int64(0, 0) else { continue }
                if position > seen {
                    seen = position
                    let at = ContinuousClock.now
                    state.withLock { $0.checkpoints.append((position, at)) }
                }
            }
        }.start()
    }

    func stop() {
        let wasRunning = state.withLock { state in
            defer { state.isStopped = true }
            return !state.isStopped
        }
        if wasRunning { done.wait() }
    }

    /// Whether the findings checkpoint reached `position` before `deadline`.
    func waitForCheckpoint(_ position: Int64, deadline: ContinuousClock.Instant) -> Bool {
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.checkpoints.last?.position ?? -1 }) >= position { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }

    func observations() -> (checkpoints: [Sighting], notifications: [Sighting]) {
        state.withLock { ($0.checkpoints, $0.notifications) }
    }
}

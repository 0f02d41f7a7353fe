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
            Records N events of the synthetic ledger into a scratch database. Catch-up: runs `docket worker --once` \
            as a child process and reports its rate and peak resident memory (its VmHWM, sampled), against reading and \
            decoding the same log without projecting. Live: starts `docket worker`, appends more of the ledger at \
            --rate events/s for --seconds, and measures each append's lag: from its commit until the findings \
            checkpoint (the last thing a batch writes) reaches it. The baseline is the LISTEN/NOTIFY latency of the \
            same appends: how soon any listener could have known. --json prints one object with the keys events, \
            baseline_eps, catch_up_eps, catch_up_peak_rss_mb, live_eps, live_peak_rss_mb, lag_p50_s, lag_p99_s, \
            lag_max_s, notify_p50_s and notify_max_s.
            """
    )

    @Option(help: "Events in the ledger before the worker starts.")
    var events = 100_000

    @Option(help: "Events appended per second in the live phase.")
    var rate = 1_000

    @Option(name: .customLong("seconds"), help: "Length of the live phase in seconds.")
    var liveSeconds = 10

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup var database: DatabaseOptions

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

            let worker = ChildWorker(conninfo: connection.effectiveConninfo)
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
        worker: ChildWorker, ledger: inout SyntheticLedger, recorder: inout CommissioningRecorder, rate: Int, seconds: Int
    ) throws -> Result {
        let observer = try Observer(connection: connection)
        observer.start()
        defer { observer.stop() }
        let process = try worker.start(["worker"])
        var stopped = false
        defer { if !stopped { _ = try? worker.stop(process) } }
        // Ready when it holds the worker's advisory lock, so its start is not counted as lag.
        let deadline = ContinuousClock.now + .seconds(60)
        while try connection.query(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted",
            [Int64(ProjectionLocks.classID), Int64(ProjectionLocks.worker)]
        ).int64(0, 0) == 0 {
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

/// This executable run as a child process with the scratch database's settings in its environment (not
/// its arguments, which other users can read), output discarded.
///
/// Its peak memory is the high-water mark of its own address space (`VmHWM` in /proc/<pid>/status),
/// sampled while it runs. Not wait4's `ru_maxrss`: a child spawned by this (large) process starts its
/// life in the parent's address space, and Linux carries that address space's high-water mark into the
/// child's `ru_maxrss` at exec, so every child would seem to use as much memory as the benchmark.
private struct ChildWorker {
    let conninfo: String
    /// The child's standard error, quoted when it fails.
    let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("docket-bench-worker-\(getpid()).log").path

    private func failure(_ what: String) -> CLIError {
        let said = (try? String(contentsOfFile: errorLog, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
        return CLIError(what + (said.isEmpty ? "" : "; it said:\n" + said))
    }

    /// Runs to completion; throws unless it exits 0. Returns its peak resident memory in MB.
    func run(_ arguments: [String]) throws -> Double {
        let pid = try start(arguments)
        var peak = 0.0
        var sampled = false
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let code = Self.exitCode(status)
                guard code == 0 else { throw failure("docket \(arguments.joined(separator: " ")) exited with status \(code)") }
                try? FileManager.default.removeItem(atPath: errorLog)
                return sampled ? peak : .nan
            }
            guard reaped == 0 || errno == EINTR else { throw CLIError("waiting for the worker failed: \(String(cString: strerror(errno)))") }
            if let now = Self.peakResidentMB(pid) {
                peak = max(peak, now)
                sampled = true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func start(_ arguments: [String]) throws -> pid_t {
        // The running binary itself, even if the file was replaced since it started.
        let executable = "/proc/self/exe"
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKET_DATABASE_URL"] = conninfo
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = (["docket"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw CLIError("could not start \(executable): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Asks the worker to stop (SIGTERM: it finishes its batch and exits 0), collects it, and returns its
    /// peak resident memory in MB as last sampled.
    func stop(_ pid: pid_t) throws -> Double {
        let peak = Self.peakResidentMB(pid) ?? .nan
        kill(pid, SIGTERM)
        // It finishes its batch first; a worker still running after a minute is killed.
        let deadline = ContinuousClock.now + .seconds(60)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            guard reaped == 0 || errno == EINTR else { throw CLIError("waiting for the worker failed: \(String(cString: strerror(errno)))") }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw failure("docket worker did not stop within 60 s of SIGTERM and was killed")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try? FileManager.default.removeItem(atPath: errorLog)
        let code = Self.exitCode(status)
        guard code == 0 else { throw failure("docket worker exited with status \(code) after SIGTERM") }
        return peak
    }

    /// The exit status, or 128 + the signal number when a signal ended it.
    private static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// `VmHWM` of a running process, in MB; nil once it has exited.
    static func peakResidentMB(_ pid: pid_t) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kilobytes / 1024
    }
}

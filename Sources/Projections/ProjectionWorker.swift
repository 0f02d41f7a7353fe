import EventStore
import Foundation
public import Logging
public import PostgresClient
import Synchronization

/// A flag a signal handler (or a test) sets to ask a long-running operation to stop between batches.
/// Lock-free, so setting it is safe inside a signal handler.
public final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { value.load(ordering: .acquiring) }
    public func set() { value.store(true, ordering: .releasing) }
}

/// The projection worker: catches up from its checkpoint in batches, then follows the log.
///
/// Only one worker applies events: it holds the session advisory lock (7368656, 101) while it runs. A
/// second `docket worker` waits for the lock (logging that it does); `--once` does not wait — the
/// running worker keeps the projections current. LISTEN `docket_events` is a wake-up only; the log is
/// also polled every `pollInterval`, so a lost notification delays work but never loses it.
public final class ProjectionWorker {
    public struct Options: Sendable {
        public var batchSize = 5000
        public var pollInterval: Duration = .seconds(1)
        /// Process what is committed when the worker starts, then return.
        public var once = false
        public init(batchSize: Int = 5000, once: Bool = false) {
            self.batchSize = batchSize
            self.once = once
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Stopped with the checkpoint here.
        case finished(checkpoint: Int64)
        /// `--once` found another worker running.
        case anotherWorkerRunning
    }

    let connection: Connection
    let logger: Logger
    let options: Options
    let projector: Projector

    public init(connection: Connection, logger: Logger, options: Options = Options()) {
        self.connection = connection
        self.logger = logger
        self.options = options
        projector = Projector(connection: connection)
    }

    /// Runs until `stop` is set (or, with `once`, until the log as it stood at the start is projected).
    /// An event that cannot be applied is recorded in `projection.checkpoints` and thrown.
    public func run(stop: StopFlag = StopFlag()) throws -> Outcome {
        guard try acquireWorkerLock(stop: stop) else {
            return stop.isSet ? .finished(checkpoint: try projector.checkpoint()) : .anotherWorkerRunning
        }
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1, $2)", [ProjectionLocks.classID, ProjectionLocks.worker]) }
        try connection.listen(EventStore.notificationChannel)
        let target = options.once ? try EventStore(connection: connection).headPosition() : Int64.max
        var checkpoint = try projector.checkpoint()
        logger.info("projection worker starting at position \(checkpoint)")
        var lastPoll = ContinuousClock.now
        while !stop.isSet, checkpoint < target {
            let limit = Int(min(Int64(options.batchSize), target - checkpoint))
            let events = try ProjectionLog.read(connection, after: checkpoint, limit: limit)
            if events.isEmpty {
                // A batch that ended at the head without knowing it left the findings behind.
                if try refreshFindingsIfBehind(&checkpoint) { continue }
                // Wait for a notification, or poll again after pollInterval; wake often enough to see `stop`.
                while !stop.isSet {
                    let waited = try connection.waitForNotification(timeout: .milliseconds(200))
                    if waited != nil || ContinuousClock.now - lastPoll >= options.pollInterval { break }
                }
                lastPoll = ContinuousClock.now
                continue
            }
            do {
                let isCaughtUp = events.count < limit || events.last!.position >= target
                let started = ContinuousClock.now
                var findingsTime = Duration.zero
                checkpoint = try projector.apply(events, after: checkpoint) { connection, position in
                    findingsTime = try ContinuousClock().measure {
                        try FindingsProjection.record(events, connection: connection, schema: ProjectionSchema.live)
                        if isCaughtUp { try FindingsProjection.refresh(connection: connection, schema: ProjectionSchema.live, position: position) }
                    }
                }
                logger.debug("projected positions \(events.first!.position)…\(checkpoint) in \(ContinuousClock.now - started), findings \(findingsTime)")
            } catch let error as ProjectionError where error.kind == .checkpointMoved {
                // A rebuild swapped in tables at another position; continue from there.
                let moved = try projector.checkpoint()
                logger.notice("the projection checkpoint moved to \(moved) (a rebuild was swapped in); continuing from there")
                checkpoint = moved
            } catch let error as ProjectionError where error.kind == .unappliable {
                // Project the events before the bad one, so the checkpoint stops right before it.
                let good = events.prefix { $0.position < (error.position ?? 0) }
                if !good.isEmpty {
                    checkpoint = try projector.apply(Array(good), after: checkpoint) { connection, _ in
                        try FindingsProjection.record(Array(good), connection: connection, schema: ProjectionSchema.live)
                    }
                }
                // The worker stops here until the event is dealt with: bring the findings up to the tables.
                _ = try? refreshFindingsIfBehind(&checkpoint)
                projector.recordFailure(error)
                logger.error("\(error.description)")
                throw error
            }
        }
        if !stop.isSet { _ = try refreshFindingsIfBehind(&checkpoint) }
        logger.info("projection worker stopping at position \(checkpoint)")
        return .finished(checkpoint: checkpoint)
    }

    /// Brings the findings up to the tables' `checkpoint` in a transaction of their own, if they are
    /// behind it (a batch only refreshes them when it reaches the head). If the tables' checkpoint is no
    /// longer `checkpoint` (a rebuild was swapped in, or a migration reset the projections), moves
    /// `checkpoint` there instead. Returns whether it did either.
    private func refreshFindingsIfBehind(_ checkpoint: inout Int64) throws -> Bool {
        let findings = try connection.query(
            "SELECT position FROM projection.checkpoints WHERE name = $1", [Projector.findingsCheckpointName]).int64(0, 0)
        guard let findings, findings < checkpoint else { return false }
        let expected = checkpoint
        let stored = try connection.transaction { connection -> Int64? in
            try connection.query("SELECT pg_advisory_xact_lock($1, $2)", [ProjectionLocks.classID, ProjectionLocks.apply])
            let tables = try connection.query(
                "SELECT position FROM projection.checkpoints WHERE name = $1 FOR UPDATE", [Projector.checkpointName]).int64(0, 0)
            guard tables == expected else { return tables }
            try FindingsProjection.refresh(connection: connection, schema: ProjectionSchema.live, position: expected)
            return tables
        }
        guard let stored else { throw ProjectionError(.database, "projection.checkpoints has no '\(Projector.checkpointName)' row") }
        if stored != checkpoint {
            logger.notice("the projection checkpoint moved to \(stored) (a rebuild was swapped in); continuing from there")
            checkpoint = stored
        } else {
            logger.debug("refreshed the findings up to position \(checkpoint)")
        }
        return true
    }

    private func acquireWorkerLock(stop: StopFlag) throws -> Bool {
        var warned = false
        while !stop.isSet {
            if try connection.query("SELECT pg_try_advisory_lock($1, $2)", [ProjectionLocks.classID, ProjectionLocks.worker]).bool(0, 0) == true {
                return true
            }
            if options.once {
                logger.notice("another projection worker is running (it holds advisory lock 7368656/101); it keeps the projections current, so this one exits")
                return false
            }
            if !warned {
                logger.notice("another projection worker is running (advisory lock 7368656/101); waiting to take over when it stops")
                warned = true
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }
}

/// Projects everything committed so far and returns: what `docket demo` runs so the projections are ready.
/// Does nothing if another worker is running (it keeps them current).
public func runWorkerOnce(connection: Connection, logger: Logger) throws {
    _ = try ProjectionWorker(connection: connection, logger: logger, options: .init(once: true)).run()
}

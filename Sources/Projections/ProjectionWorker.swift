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
/// Only one worker applies events: it holds the worker lock (``ProjectionLock/worker``) on a lease
/// connection of its own (application_name `docket worker lease`) while it runs. A second `docket
/// worker` waits for the lock, logging who holds it; `--once` does not wait — it returns the holder.
/// LISTEN `docket_events` is a wake-up only; the log is also polled every `pollInterval`, so a lost
/// notification delays work but never loses it. A lost connection (a server restart, a terminated
/// session) is regained with doubling delays until `reconnectTimeout` has passed; the worker then
/// resumes from its checkpoint. With `once`, a lost connection ends the run with an error.
public final class ProjectionWorker {
    public struct Options: Sendable {
        public var batchSize = 5000
        public var pollInterval: Duration = .seconds(1)
        /// Process what is committed when the worker starts, then return.
        public var once = false
        /// How long after losing its connection the worker keeps trying to reconnect before it gives up.
        public var reconnectTimeout: Duration = .seconds(300)
        /// The wait before the second reconnection attempt; each failure doubles it, up to `maximumReconnectDelay`.
        public var reconnectDelay: Duration = .milliseconds(100)
        public var maximumReconnectDelay: Duration = .seconds(5)
        public init(batchSize: Int = 5000, once: Bool = false, reconnectTimeout: Duration = .seconds(300)) {
            self.batchSize = batchSize
            self.once = once
            self.reconnectTimeout = reconnectTimeout
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Stopped with the checkpoint here.
        case finished(checkpoint: Int64)
        /// `once` found the worker lock held by `holder`.
        case anotherWorkerRunning(holder: LockHolder)
    }

    /// The application_name of the connection that applies events.
    public static let applicationName = "docket worker"
    /// The application_name of the connection that holds the worker lock.
    public static let leaseApplicationName = "docket worker lease"

    var connection: Connection
    let logger: Logger
    let options: Options
    var projector: Projector
    /// The lease connection, which holds the worker lock once taken; kept across a reconnection of
    /// `connection` if the server did not close it too.
    var lease: ProjectionLease?
    /// The checkpoint as this worker last read or advanced it (nil before it first read it).
    var checkpoint: Int64?

    public init(connection: Connection, logger: Logger, options: Options = Options()) {
        self.connection = connection
        self.logger = logger
        self.options = options
        projector = Projector(connection: connection)
    }

    /// Runs until `stop` is set (or, with `once`, until the log as it stood at the start is projected).
    /// An event that cannot be applied is recorded in `projection.checkpoints` and thrown. A lost
    /// connection is regained (not with `once`); one that stays lost past `reconnectTimeout` is thrown.
    public func run(stop: StopFlag = StopFlag()) throws -> Outcome {
        defer {
            lease?.release()
            lease = nil
        }
        var lostSince: ContinuousClock.Instant?
        var hasStarted = false
        while true {
            do {
                try connection.query("SELECT set_config('application_name', $1, false), set_config('idle_session_timeout', '0', false)",
                                     [Self.applicationName])
                if lease?.isHeld != true {
                    switch try takeLease(stop: stop) {
                    case .taken: break
                    case .stopped: return .finished(checkpoint: try projector.checkpoint())
                    case .heldBy(let holder): return .anotherWorkerRunning(holder: holder)
                    }
                }
                try connection.listen(EventStore.notificationChannel)
                let checkpoint = try projector.checkpoint()
                self.checkpoint = checkpoint
                logger.info("projection worker \(hasStarted ? "resuming" : "starting") at position \(checkpoint)")
                hasStarted = true
                lostSince = nil
                return .finished(checkpoint: try follow(stop: stop))
            } catch where isConnectionLost(error) {
                if options.once {
                    throw ProjectionError(
                        .connectionLost,
                        "lost the connection to PostgreSQL (\(Self.summary(error)))\(whereTheProjectionsStay). Run docket worker --once "
                            + "again when the server is back", underlying: error)
                }
                let since = lostSince ?? ContinuousClock.now
                lostSince = since
                logger.warning("lost the connection to PostgreSQL (\(Self.summary(error)))\(whereTheProjectionsStay); reconnecting")
                guard try reconnect(stop: stop, lostSince: since) else { return .finished(checkpoint: try checkpoint ?? projector.checkpoint()) }
            }
        }
    }

    /// "; the projections stay at position N, …" once the checkpoint is known, for messages about a lost connection.
    var whereTheProjectionsStay: String {
        checkpoint.map { "; the projections stay at position \($0), where the last committed batch left them" } ?? ""
    }

    /// Projects batches until `stop` is set or, with `once`, the head as it stood at the start is reached.
    /// Returns the checkpoint.
    private func follow(stop: StopFlag) throws -> Int64 {
        let target = options.once ? try EventStore(connection: connection).headPosition() : Int64.max
        var checkpoint = self.checkpoint ?? 0
        defer { self.checkpoint = checkpoint }
        var lastPoll = ContinuousClock.now
        while !stop.isSet, checkpoint < target {
            try lease?.check()
            let limit = Int(min(Int64(options.batchSize), target - checkpoint))
            let events = try ProjectionLog.read(connection, after: checkpoint, limit: limit)
            if events.isEmpty {
                // A batch that ended at the head without knowing it left the findings behind.
                if try refreshFindingsIfBehind(&checkpoint) { continue }
                // Wait for a notification, or poll again after pollInterval; wake often enough to see `stop`.
                while !stop.isSet {
                    try lease?.check()
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
        return checkpoint
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
            try ProjectionLock.apply.take(in: connection)
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
}

/// Projects everything committed so far and returns: what `docket demo` runs so the projections are ready.
/// Does nothing if another worker is running (it keeps them current).
public func runWorkerOnce(connection: Connection, logger: Logger) throws {
    _ = try ProjectionWorker(connection: connection, logger: logger, options: .init(once: true)).run()
}

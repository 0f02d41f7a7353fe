public import Logging
public import PostgresClient
import Foundation
import Synchronization

/// Replays the log into fresh tables in schema `projection_rebuild`, then swaps them in for
/// `projection` in one transaction, while a live worker keeps running.
///
/// One rebuild runs at a time: it holds the rebuild lock (``ProjectionLock/rebuild``) on a connection of
/// its own. The replay (``RebuildReplay``) runs without the worker's locks. Once it has caught up with the
/// log, the final transaction takes the apply lock (``ProjectionLock/apply``) — waiting for the worker's
/// current batch to commit and holding off its next — applies the last events, writes the findings, and
/// renames the schemas. Readers see the old tables or the new ones, never a half-built projection. The
/// worker's next batch then finds its checkpoint moved (the swapped-in table carries the rebuild's) and
/// continues from there.
public struct ProjectionRebuild {
    public struct Progress: Sendable {
        public var position: Int64
        public var head: Int64
    }

    /// What a rebuild did.
    public struct Summary: Sendable {
        /// Events replayed: the log's head when the swap committed.
        public var events: Int64
        /// Streams evicted from memory during the replay and refolded from the log when met again.
        public var refoldedStreams: Int
        /// Versions written open at eviction and closed after the replay, when a later event replaced them.
        public var reopenedVersions: Int
    }

    let connection: Connection
    let logger: Logger
    public var batchSize = 10_000
    /// About how many current rows the replay keeps in memory (``RebuildReplay``).
    public var cachedRows = 20_000
    /// Called once the replay has caught up, before the indexes are built: events appended meanwhile are
    /// projected in the final transaction. For tests, which append there.
    var afterReplay: () throws -> Void = {}

    /// The application_name of the connection that holds the rebuild lock while a rebuild runs.
    public static let leaseApplicationName = "docket projections rebuild lease"

    public init(connection: Connection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Rebuilds and swaps. `progress` is called after each batch.
    @discardableResult
    public func run(progress: (Progress) -> Void = { _ in }) throws -> Summary {
        let lease = try ProjectionLease(.rebuild, openingLike: connection, applicationName: Self.leaseApplicationName)
        guard try lease.tryTake() else {
            let holder = try ProjectionLock.rebuild.holders(connection).first.map { "held by \($0)" } ?? "just released"
            throw ProjectionError(.locked, "another rebuild is running (the rebuild lock \(ProjectionLock.rebuild) is \(holder)); wait for it to finish")
        }
        defer { lease.release() }
        let clock = ContinuousClock()
        let start = clock.now
        try createSchema()
        logger.debug("created the rebuild schema in \(clock.now - start)")
        let findings = FindingsProjection()
        let replay = RebuildReplay(connection: connection, batchSize: batchSize, cachedRows: cachedRows)
        var checkpoint = try replay.run(findings: findings) { position in
            progress(Progress(position: position, head: try headPosition()))
        }
        logger.debug("replayed \(checkpoint) events in \(clock.now - start); refolded \(replay.refoldedStreams) streams evicted from memory")
        try afterReplay()
        // The indexes, then the closing of versions written open and replaced later (it needs the primary
        // keys), then the indexes of current versions (unique for most tables, so only now valid) and of
        // the findings. Meanwhile the findings of the replayed log are computed and written on a thread and
        // connection of their own, outside the apply lock; the swap writes them again only if events arrive
        // in the meantime.
        let indexes = try liveIndexes().filter { $0.table != "checkpoints" }
        let firstIndexes = indexes.filter { !$0.name.hasSuffix("_current") && $0.table != "findings" }
        let findingsPosition = checkpoint
        nonisolated(unsafe) let detector = findings  // untouched here until findingsWritten() returns
        let findingsWritten = try inBackground(on: connection.openSibling()) { connection in
            try detector.writeAll(connection: connection, schema: ProjectionSchema.rebuild, position: findingsPosition)
        }
        let indexed = Result { try createInParallel(firstIndexes) }
        try findingsWritten()
        try indexed.get()
        logger.debug("wrote the findings and built \(firstIndexes.count) indexes after \(clock.now - start)")
        try replay.closeReopenedVersions()
        try createInParallel(indexes.filter { $0.name.hasSuffix("_current") || $0.table == "findings" })
        try connection.query("UPDATE projection_rebuild.checkpoints SET position = $1 WHERE name = $2", [checkpoint, Projector.checkpointName])
        logger.debug("indexed and closed \(replay.reopenedVersions) reopened versions after \(clock.now - start)")
        let projector = Projector(connection: connection, schema: ProjectionSchema.rebuild, takesApplyLock: false)
        // Caught up: finish under the apply lock, and swap.
        try connection.transaction { connection in
            try ProjectionLock.apply.take(in: connection)
            while true {
                let events = try ProjectionLog.read(connection, after: checkpoint, limit: batchSize)
                guard !events.isEmpty else { break }
                findings.observe(events)
                try projector.applyInTransaction(events, after: checkpoint)
                try FindingsProjection.copyPartitions(of: events, connection: connection, schema: ProjectionSchema.rebuild)
                checkpoint = events.last!.position
            }
            if checkpoint != findingsPosition {
                try findings.writeAll(connection: connection, schema: ProjectionSchema.rebuild, position: checkpoint)
            }
            try connection.executeScript("""
                ALTER SCHEMA projection RENAME TO projection_retired;
                ALTER SCHEMA projection_rebuild RENAME TO projection;
                """)
        }
        logger.debug("swapped after \(clock.now - start)")
        // Dropped once the worker may go on: dropping takes each old table's exclusive lock, which waits for
        // readers still on them, and removes their files (1,000,000 events: 0.3–0.5 s), neither under the apply lock.
        try connection.executeScript("DROP SCHEMA projection_retired CASCADE")
        logger.debug("dropped the old tables after \(clock.now - start)")
        progress(Progress(position: checkpoint, head: checkpoint))
        logger.info("rebuilt the projections from \(checkpoint) events and swapped them in")
        return Summary(events: checkpoint, refoldedStreams: replay.refoldedStreams, reopenedVersions: replay.reopenedVersions)
    }

    /// Builds `indexes` in the rebuild schema on two connections at once (each index build is one
    /// server process's work; the machine may have more cores than the replay left busy).
    private func createInParallel(_ indexes: [LiveIndex]) throws {
        let sibling = try connection.openSibling()
        nonisolated(unsafe) let connections = [connection, sibling]
        // Sorting a million rows' keys in memory rather than in temporary files: at PostgreSQL's default
        // of 64MB the indexes of a 1,000,000-event rebuild took 4.8 s, at 256MB 3.7 s. (Raised only.)
        for connection in connections {
            try connection.executeScript("""
                SELECT set_config('maintenance_work_mem', '256MB', false)
                WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')
                """)
        }
        defer { try? connection.executeScript("RESET maintenance_work_mem") }
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: connections.count) { worker in
            do {
                for index in stride(from: worker, to: indexes.count, by: connections.count) {
                    try connections[worker].executeScript(indexes[index].definition(in: ProjectionSchema.rebuild))
                }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
    }

    /// Runs `body` with `connection` on a thread of its own (libpq blocks); the returned function waits for
    /// it and rethrows its error. The connection closes when the thread ends.
    private func inBackground(on connection: Connection, _ body: @escaping @Sendable (Connection) throws -> Void) -> () throws -> Void {
        nonisolated(unsafe) let owned = connection
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Thread {
            do { try body(owned) } catch { failure.withLock { $0 = error } }
            done.signal()
        }.start()
        return {
            done.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }

    private func headPosition() throws -> Int64 {
        try connection.query("SELECT position FROM docket.log_head").int64(0, 0) ?? 0
    }

    /// An empty copy of every projection table (columns, defaults, constraints, indexes), the views and
    /// the grants, in `projection_rebuild`.
    private func createSchema() throws {
        // projection_retired is left only by a rebuild stopped between its swap and its drop.
        var sql = """
            DROP SCHEMA IF EXISTS projection_retired CASCADE;
            DROP SCHEMA IF EXISTS projection_rebuild CASCADE; CREATE SCHEMA projection_rebuild;

            """
        for name in ["checkpoints"] + ProjectionSchema.allTableNames {
            sql += "CREATE TABLE projection_rebuild.\(name) (LIKE projection.\(name) INCLUDING DEFAULTS INCLUDING CONSTRAINTS);\n"
        }
        // Only the checkpoints' index: the replay writes the tables without reading them back, and their
        // indexes are built once, after it.
        for index in try liveIndexes() where index.table == "checkpoints" {
            sql += index.definition(in: ProjectionSchema.rebuild) + ";\n"
        }
        sql += """
            INSERT INTO projection_rebuild.checkpoints (name) VALUES ('\(Projector.checkpointName)'), ('\(Projector.findingsCheckpointName)');
            \(ProjectionSchema.viewsSQL(schema: ProjectionSchema.rebuild))
            REVOKE ALL ON ALL TABLES IN SCHEMA projection_rebuild FROM PUBLIC;
            GRANT USAGE ON SCHEMA projection_rebuild TO docket_reader;
            GRANT SELECT ON ALL TABLES IN SCHEMA projection_rebuild TO docket_reader;

            """
        for table in ProjectionSchema.tables where !table.isPublic {
            sql += "REVOKE SELECT ON projection_rebuild.\(table.name) FROM docket_reader;\n"
        }
        try connection.transaction { try $0.executeScript(sql) }
    }

    /// The live schema's indexes (primary keys included), to create the same in the rebuild schema.
    private func liveIndexes() throws -> [LiveIndex] {
        try connection.query(
            "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = 'projection' ORDER BY indexname"
        ).rows.map { row throws(PostgresError) in
            LiveIndex(name: try row.string("indexname")!, table: try row.string("tablename")!, sql: try row.string("indexdef")!)
        }
    }
}

/// An index of the live schema, as pg_indexes prints it (`CREATE INDEX name ON projection.table USING …`).
struct LiveIndex {
    var name: String
    var table: String
    var sql: String

    func definition(in schema: String) -> String {
        sql.replacingOccurrences(of: " ON projection.", with: " ON \(ProjectionSchema.quote(schema)).")
    }
}

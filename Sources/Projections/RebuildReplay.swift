import Foundation
import PostgresClient

/// The bulk phase of a rebuild: replays the log into the empty, index-free tables of
/// `projection_rebuild`, writing every row version exactly once, with COPY. The log is read ahead on a
/// second connection and the COPYs run on a third, so reading, folding and writing overlap.
///
/// Unlike the worker's ``Projector`` it never reads the tables back. It keeps the current version of
/// every row of recently used streams in memory (about `cachedRows` rows); a version is written when an
/// event replaces it (closed) or when its stream is evicted (still open). A stream met again after
/// eviction is refolded from the log — the same fold, so the same rows, as ``Projector`` relies on too —
/// and if one of its rows is then replaced, the open version already written is closed afterwards by
/// ``closeReopenedVersions()``, one UPDATE per table.
final class RebuildReplay {
    /// The version of a row last produced: written already (closed or evicted), or still to be written.
    private struct Version {
        var row: ProjectionRow
        var position: Int64
        var recordedAt: String
        var isWritten: Bool
    }

    /// One stream's rows: an event changes only rows of its own stream, so each stream folds into a
    /// small set of its own, and evicting a stream is one removal.
    private final class StreamState {
        let rows = RowSet()
        var versions: [RowKey: Version] = [:]
        var lastBatch = 0
    }

    struct Closing {
        var ids: [String] = []
        var positions: [String] = []
        var times: [String] = []
    }

    private let connection: Connection
    private let batchSize: Int
    private let cachedRows: Int
    private let schema = ProjectionSchema.rebuild

    private var streams: [String: StreamState] = [:]
    /// Rows held in `streams`.
    private var cachedRowCount = 0
    /// Streams evicted during this batch, to be freed by the writer.
    private var evicted: [StreamState] = []
    /// This batch's row versions to write.
    private var output: [CopyWriter.RowVersion] = []
    private(set) var closings: [Int: Closing] = [:]
    /// Streams refolded from the log after eviction.
    private(set) var refoldedStreams = 0
    /// Versions written open at eviction, then replaced.
    var reopenedVersions: Int { closings.values.reduce(0) { $0 + $1.ids.count } }

    init(connection: Connection, batchSize: Int, cachedRows: Int = 100_000) {
        self.connection = connection
        self.batchSize = batchSize
        self.cachedRows = cachedRows
    }

    /// Replays full batches of the log from the start and calls `progress` after each; stops before the
    /// first short batch (the tail, which the swap transaction applies) and returns the last position
    /// replayed. Every batch read, the short one included, is also passed to `findings`, on the reading
    /// thread; it is done with them by the time this returns normally (after a throw it may still be
    /// finishing a batch, so the caller must not use `findings` then).
    func run(findings: FindingsProjection, progress: (Int64) throws -> Void) throws -> Int64 {
        let reader = try LogReader(connection: connection, batchSize: batchSize, findings: findings)
        defer { reader.stop() }
        let writer = try CopyWriter(connection: connection, schema: schema)
        defer { writer.stop() }
        var checkpoint: Int64 = 0
        var batchIndex = 0
        while let events = try reader.next(), events.count == batchSize {
            batchIndex += 1
            try apply(events, batch: batchIndex, after: checkpoint)
            checkpoint = events.last!.position
            // The writer also takes the batch's events and the streams evicted, so they are freed on its
            // thread: freeing them cost this thread, the busiest, about a quarter of its time.
            try writer.submit(takeOutput(), releasing: (events, takeEvicted()))
            try progress(checkpoint)
        }
        for stream in Array(streams.keys) { evict(stream) }
        try writer.submit(takeOutput(), releasing: takeEvicted())
        try writer.finish()
        return checkpoint
    }

    /// Closes, by one UPDATE per table, the open versions written at eviction that a later event replaced:
    /// the one a closing replaces is the row's last version before the closing's position (a row may have
    /// been evicted, met again and replaced several times). Needs the primary key (id, valid_from_position).
    func closeReopenedVersions() throws {
        for (table, close) in closings.sorted(by: { $0.key < $1.key }) {
            let name = ProjectionSchema.quote(schema) + "." + ProjectionSchema.quote(ProjectionSchema.tables[table].name)
            try connection.query("""
                UPDATE \(name) AS t SET valid_to_position = v.position, valid_to = v.recorded_at
                FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS v(id, position, recorded_at)
                WHERE t.id = v.id AND t.valid_to_position IS NULL AND t.valid_from_position = (
                    SELECT max(p.valid_from_position) FROM \(name) AS p WHERE p.id = v.id AND p.valid_from_position < v.position)
                """, [PostgresTextArray(close.ids), PostgresTextArray(close.positions), PostgresTextArray(close.times)])
        }
    }

    private func apply(_ events: [ProjectionEvent], batch: Int, after checkpoint: Int64) throws {
        // Streams this batch continues that are no longer in memory: refold them from the log.
        // By index throughout: binding each element would copy it, retaining a dozen strings, and this is
        // the rebuild's busiest thread.
        // Each event's stream state, looked up once (hashing a stream name is not free a million times).
        var missing = [String]()
        var states = [StreamState]()
        states.reserveCapacity(events.count)
        for index in events.indices {
            if let state = streams[events[index].stream] {
                states.append(state)
            } else {
                let state = StreamState()
                streams[events[index].stream] = state
                states.append(state)
                if events[index].version > 1 { missing.append(events[index].stream) }
            }
        }
        if !missing.isEmpty { try refold(missing, upTo: checkpoint) }

        for index in events.indices {
            let state = states[index]
            state.lastBatch = batch
            let rows = state.rows
            rows.resetTouched()
            if StreamFold.isAmendment(events[index].type) {
                let scratch = RowSet()
                let stream = try ProjectionLog.readStream(connection, events[index].stream, toVersion: events[index].version)
                if try StreamFold.refoldUnlessRetracted(stream, into: scratch, connection: connection) {
                    for (key, row) in scratch.rows {
                        rows.rows[key] = row
                        rows.touch(key)
                    }
                }
            } else {
                try StreamFold.applyUnlessRetracted(events[index], to: rows, connection: connection)
            }
            for key in rows.touched {
                guard let row = rows.rows[key] else { continue }
                if let previous = state.versions[key] {
                    guard previous.row != row else { continue }
                    if previous.isWritten {
                        closings[key.table, default: Closing()].ids.append(key.id)
                        closings[key.table]!.positions.append(String(events[index].position))
                        closings[key.table]!.times.append(events[index].recordedAtText)
                    } else {
                        write(previous, key: key, closedBy: events[index])
                    }
                } else {
                    cachedRowCount += 1
                }
                state.versions[key] = Version(row: row, position: events[index].position, recordedAt: events[index].recordedAtText, isWritten: false)
            }
        }
        if cachedRowCount > cachedRows {
            // Evict the least recently used streams, down to half the limit.
            let byAge = streams.map { (stream: $0.key, lastBatch: $0.value.lastBatch, rows: $0.value.versions.count) }
                .sorted { $0.lastBatch < $1.lastBatch }
            var excess = cachedRowCount - cachedRows / 2
            for entry in byAge where excess > 0 && entry.lastBatch < batch {
                evict(entry.stream)
                excess -= entry.rows
            }
        }
    }

    /// Folds `names` from the log up to `position` into memory, as versions already written.
    private func refold(_ names: [String], upTo position: Int64) throws {
        refoldedStreams += names.count
        let events = try ProjectionLog.readStreams(connection, names, upTo: position)
        var start = events.startIndex
        while start < events.endIndex {
            let state = streams[events[start].stream]!
            let end = events[start...].firstIndex { $0.stream != events[start].stream } ?? events.endIndex
            try StreamFold.refold(Array(events[start..<end]), into: state.rows)
            for (key, row) in state.rows.rows {
                state.versions[key] = Version(row: row, position: 0, recordedAt: "", isWritten: true)
            }
            cachedRowCount += state.versions.count
            start = end
        }
    }

    /// Writes the stream's unwritten versions, open, and forgets it.
    private func evict(_ stream: String) {
        guard let state = streams.removeValue(forKey: stream) else { return }
        evicted.append(state)
        for (key, version) in state.versions where !version.isWritten {
            write(version, key: key, closedBy: nil)
        }
        cachedRowCount -= state.versions.count
    }

    private func write(_ version: Version, key: RowKey, closedBy event: ProjectionEvent?) {
        output.append(CopyWriter.RowVersion(
            row: version.row, validFrom: version.position, validTo: event?.position,
            validFromTime: version.recordedAt, validToTime: event?.recordedAtText))
    }

    private func takeEvicted() -> [StreamState] {
        defer { evicted = [] }
        return evicted
    }

    private func takeOutput() -> [CopyWriter.RowVersion] {
        defer { output = [] }
        return output
    }
}

/// Reads the log in batches on its own connection and thread, a few batches ahead of the caller, and
/// feeds each batch to the findings detector (and writes its groups and links) before handing it over.
private final class LogReader: @unchecked Sendable {
    // Every mutable field is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var ready: [Result<[ProjectionEvent], any Error>] = []
    private var isStopped = false
    private let lookahead = 2

    init(connection: Connection, batchSize: Int, findings: FindingsProjection) throws {
        // A Connection is not Sendable; this one is handed to the reading thread and used only there. The
        // findings are used only there too, until the last batch is handed over.
        nonisolated(unsafe) let owned = try connection.openSibling()
        nonisolated(unsafe) let findings = findings
        Thread { [self] in read(owned, batchSize: batchSize, findings: findings) }.start()
    }

    /// The next batch; nil after the last (a short or empty one is the last).
    func next() throws -> [ProjectionEvent]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty, !isStopped { condition.wait() }
        guard !ready.isEmpty else { return nil }
        condition.broadcast()
        return try ready.removeFirst().get()
    }

    func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func read(_ connection: Connection, batchSize: Int, findings: FindingsProjection) {
        var after: Int64 = 0
        while true {
            condition.lock()
            while !isStopped, ready.count >= lookahead { condition.wait() }
            let stop = isStopped
            condition.unlock()
            if stop { return }
            let result = Result {
                let events = try ProjectionLog.read(connection, after: after, limit: batchSize)
                findings.observe(events)
                // The replay applies only full batches; the swap's transaction records the rest.
                if events.count == batchSize {
                    try FindingsProjection.copyPartitions(of: events, connection: connection, schema: ProjectionSchema.rebuild)
                }
                return events
            }
            condition.lock()
            ready.append(result)
            let isLast = (try? result.get().count == batchSize) != true
            if isLast { isStopped = true }
            condition.broadcast()
            condition.unlock()
            if isLast { return }
            after = (try? result.get().last?.position) ?? after
        }
    }
}

/// Encodes row versions and COPYs them, batch by batch in order, on its own connection and thread; the
/// first failure is thrown to the caller at its next ``submit(_:)`` or ``finish()``.
private final class CopyWriter: @unchecked Sendable {
    struct RowVersion: Sendable {
        var row: ProjectionRow
        var validFrom: Int64
        var validTo: Int64?
        var validFromTime: String
        var validToTime: String?
    }

    // Every mutable field is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var queue: [(jobs: [RowVersion], releasing: Any)] = []
    private var isClosed = false
    private var isDone = false
    private var failure: (any Error)?
    private let capacity = 2

    /// `COPY schema.table (columns) FROM STDIN` for each table.
    private let statements: [String]

    init(connection: Connection, schema: String) throws {
        statements = ProjectionSchema.tables.map { ProjectionSchema.copyStatement($0, schema: schema) }
        nonisolated(unsafe) let owned = try connection.openSibling()
        Thread { [self] in write(owned) }.start()
    }

    /// Queues `jobs`; `releasing` is dropped on the writer's thread once they are written.
    func submit(_ jobs: [RowVersion], releasing: Any = ()) throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil, queue.count >= capacity { condition.wait() }
        if let failure { throw failure }
        queue.append((jobs, releasing))
        condition.broadcast()
    }

    /// Waits for every submitted job; throws the first failure.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        condition.broadcast()
        while !isDone { condition.wait() }
        if let failure { throw failure }
    }

    /// Abandons the jobs not yet started and waits for the one running.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        queue.removeAll()
        isClosed = true
        condition.broadcast()
        while !isDone { condition.wait() }
    }

    private func write(_ connection: Connection) {
        while true {
            condition.lock()
            while queue.isEmpty, !isClosed { condition.wait() }
            guard !queue.isEmpty else {
                isDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let (jobs, releasing) = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            defer { withExtendedLifetime(releasing) {} }
            do {
                var tables = [CopyData](repeating: CopyData(), count: statements.count)
                for version in jobs {
                    tables[version.row.table].appendVersion(
                        version.row, from: version.validFrom, to: version.validTo,
                        fromTime: version.validFromTime, toTime: version.validToTime)
                }
                for (table, data) in tables.enumerated() where !data.isEmpty { try connection.copyIn(statements[table], data) }
            } catch {
                condition.lock()
                failure = error
                queue.removeAll()
                isDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }
}

extension CopyData {
    /// Appends one version of a projection row: its value columns, then the four history columns.
    mutating func appendVersion(_ row: ProjectionRow, from: Int64, to: Int64?, fromTime: String, toTime: String?) {
        for value in row.values { append(value) }
        append(String(from))
        append(to.map { String($0) })
        append(fromTime)
        append(toTime)
        endRow()
    }

    /// Appends a projection value: scalars in their text form, jsonb as canonical JSON text.
    mutating func append(_ value: ProjectionValue?) {
        switch value {
        case nil: append(nil as String?)
        case .text(let text)?: append(text)
        case .json(let json)?:
            var bytes = [UInt8]()
            json.write(canonicalTo: &bytes)
            append(utf8: bytes)
        }
    }
}

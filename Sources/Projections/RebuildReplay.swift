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

    private struct StreamEntry {
        var keys: [RowKey] = []
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

    private let rows = RowSet()
    private var versions: [RowKey: Version] = [:]
    private var streams: [String: StreamEntry] = [:]
    /// This batch's rows to COPY, by table.
    private var output = [CopyData](repeating: CopyData(), count: ProjectionSchema.tables.count)
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

    /// Replays full batches of the log from the start, passing each batch to `observe` (the findings)
    /// and `progress`; stops before the first short batch (the tail, which the swap transaction applies)
    /// and returns the last position replayed.
    func run(observe: ([ProjectionEvent]) -> Void, progress: (Int64) throws -> Void) throws -> Int64 {
        let reader = try LogReader(connection: connection, batchSize: batchSize)
        let writer = try CopyWriter(connection: connection)
        defer {
            reader.stop()
            writer.stop()
        }
        var checkpoint: Int64 = 0
        var batchIndex = 0
        while let events = try reader.next(), events.count == batchSize {
            batchIndex += 1
            observe(events)
            try apply(events, batch: batchIndex, after: checkpoint)
            checkpoint = events.last!.position
            try writer.submit(takeOutput())
            try progress(checkpoint)
        }
        evict { _ in true }
        try writer.submit(takeOutput())
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
                WHERE t.id = v.id AND t.valid_from_position = (
                    SELECT max(p.valid_from_position) FROM \(name) AS p WHERE p.id = v.id AND p.valid_from_position < v.position)
                """, [PostgresTextArray(close.ids), PostgresTextArray(close.positions), PostgresTextArray(close.times)])
        }
    }

    private func apply(_ events: [ProjectionEvent], batch: Int, after checkpoint: Int64) throws {
        // Streams this batch continues that are no longer in memory: refold them from the log.
        var missing = [String]()
        for event in events where streams[event.stream] == nil {
            streams[event.stream] = StreamEntry()
            if event.version > 1 { missing.append(event.stream) }
        }
        if !missing.isEmpty { try refold(missing, upTo: checkpoint) }

        for event in events {
            rows.resetTouched()
            if StreamFold.isAmendment(event.type) {
                let scratch = RowSet()
                try StreamFold.refold(try ProjectionLog.readStream(connection, event.stream, toVersion: event.version), into: scratch)
                for (key, row) in scratch.rows {
                    rows.rows[key] = row
                    rows.touch(key)
                }
            } else {
                try StreamFold.apply(event, to: rows)
            }
            for key in rows.touched {
                guard let row = rows.rows[key] else { continue }
                if let previous = versions[key] {
                    guard previous.row != row else { continue }
                    if previous.isWritten {
                        closings[key.table, default: Closing()].ids.append(key.id)
                        closings[key.table]!.positions.append(String(event.position))
                        closings[key.table]!.times.append(event.recordedAtText)
                    } else {
                        write(previous, key: key, closedBy: event)
                    }
                } else {
                    streams[event.stream]!.keys.append(key)
                }
                versions[key] = Version(row: row, position: event.position, recordedAt: event.recordedAtText, isWritten: false)
            }
            streams[event.stream]!.lastBatch = batch
        }
        if versions.count > cachedRows {
            // Evict the least recently used streams, down to three quarters of the limit.
            let byAge = streams.map { (stream: $0.key, lastBatch: $0.value.lastBatch, rows: $0.value.keys.count) }
                .sorted { $0.lastBatch < $1.lastBatch }
            var excess = versions.count - cachedRows * 3 / 4
            var evicted = Set<String>()
            for entry in byAge where excess > 0 && entry.lastBatch < batch {
                evicted.insert(entry.stream)
                excess -= entry.rows
            }
            evict { evicted.contains($0) }
        }
    }

    /// Folds `names` from the log up to `position` into memory, as versions already written.
    private func refold(_ names: [String], upTo position: Int64) throws {
        refoldedStreams += names.count
        let events = try ProjectionLog.readStreams(connection, names, upTo: position)
        var start = events.startIndex
        while start < events.endIndex {
            let stream = events[start].stream
            let end = events[start...].firstIndex { $0.stream != stream } ?? events.endIndex
            let scratch = RowSet()
            try StreamFold.refold(Array(events[start..<end]), into: scratch)
            for (key, row) in scratch.rows {
                rows.rows[key] = row
                versions[key] = Version(row: row, position: 0, recordedAt: "", isWritten: true)
                streams[stream]!.keys.append(key)
            }
            start = end
        }
    }

    /// Writes the unwritten versions of the streams `shouldEvict` picks, open, and forgets the streams.
    private func evict(_ shouldEvict: (String) -> Bool) {
        for (stream, entry) in streams where shouldEvict(stream) {
            for key in entry.keys {
                if let version = versions.removeValue(forKey: key), !version.isWritten {
                    write(version, key: key, closedBy: nil)
                }
                rows.rows.removeValue(forKey: key)
            }
            streams.removeValue(forKey: stream)
        }
    }

    private func write(_ version: Version, key: RowKey, closedBy event: ProjectionEvent?) {
        for value in version.row.values { output[key.table].append(value) }
        output[key.table].append(String(version.position))
        output[key.table].append(event.map { String($0.position) })
        output[key.table].append(version.recordedAt)
        output[key.table].append(event?.recordedAtText)
        output[key.table].endRow()
    }

    private func takeOutput() -> [CopyWriter.Job] {
        defer { output = [CopyData](repeating: CopyData(), count: ProjectionSchema.tables.count) }
        return output.enumerated().filter { !$0.element.isEmpty }.map { table, data in
            let spec = ProjectionSchema.tables[table]
            let columns = (spec.columnNames + ProjectionSchema.historyColumns).map(ProjectionSchema.quote).joined(separator: ", ")
            return CopyWriter.Job(
                sql: "COPY \(ProjectionSchema.quote(schema)).\(ProjectionSchema.quote(spec.name)) (\(columns)) FROM STDIN", data: data)
        }
    }
}

/// Reads the log in batches on its own connection and thread, a few batches ahead of the caller.
private final class LogReader: @unchecked Sendable {
    // Every mutable field is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var ready: [Result<[ProjectionEvent], any Error>] = []
    private var isStopped = false
    private let lookahead = 2

    init(connection: Connection, batchSize: Int) throws {
        // A Connection is not Sendable; this one is handed to the reading thread and used only there.
        nonisolated(unsafe) let owned = try connection.openSibling()
        Thread { [self] in read(owned, batchSize: batchSize) }.start()
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

    private func read(_ connection: Connection, batchSize: Int) {
        var after: Int64 = 0
        while true {
            condition.lock()
            while !isStopped, ready.count >= lookahead { condition.wait() }
            let stop = isStopped
            condition.unlock()
            if stop { return }
            let result = Result { try ProjectionLog.read(connection, after: after, limit: batchSize) }
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

/// Runs COPY jobs in order on its own connection and thread; the first failure is thrown to the caller
/// at its next ``submit(_:)`` or ``finish()``.
private final class CopyWriter: @unchecked Sendable {
    struct Job: Sendable {
        var sql: String
        var data: CopyData
    }

    // Every mutable field is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var queue: [[Job]] = []
    private var isClosed = false
    private var isDone = false
    private var failure: (any Error)?
    private let capacity = 2

    init(connection: Connection) throws {
        nonisolated(unsafe) let owned = try connection.openSibling()
        Thread { [self] in write(owned) }.start()
    }

    func submit(_ jobs: [Job]) throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil, queue.count >= capacity { condition.wait() }
        if let failure { throw failure }
        queue.append(jobs)
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
            let jobs = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                for job in jobs { try connection.copyIn(job.sql, job.data) }
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

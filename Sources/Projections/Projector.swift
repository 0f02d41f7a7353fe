import DocketJSON
import Foundation
public import PostgresClient

/// Applies batches of events to the projection tables of one schema, each batch in one transaction
/// with a compare-and-set advance of the schema's checkpoint.
///
/// Per batch: the current rows of every stream the batch touches are loaded (one query per table),
/// the events are folded in memory, then each table gets one UPDATE closing the versions replaced and
/// one COPY of the new versions. Versions depend only on the events, never on where batches begin, so
/// an incremental projection equals a rebuild.
public final class Projector {
    public let connection: Connection
    public let schema: String
    /// The checkpoint row this projector advances.
    public static let checkpointName = "tables"
    public static let findingsCheckpointName = "findings"
    /// When set, each batch first takes the apply lock (``ProjectionLock/apply``), which the rebuild's swap holds.
    let takesApplyLock: Bool

    public init(connection: Connection, schema: String = ProjectionSchema.live, takesApplyLock: Bool = true) {
        self.connection = connection
        self.schema = schema
        self.takesApplyLock = takesApplyLock
    }

    func table(_ name: String) -> String { ProjectionSchema.quote(schema) + "." + ProjectionSchema.quote(name) }

    /// The checkpoint's position.
    public func checkpoint() throws -> Int64 {
        try connection.query("SELECT position FROM \(table("checkpoints")) WHERE name = $1", [Self.checkpointName]).int64(0, 0) ?? 0
    }

    /// Applies `events` (which must follow `checkpoint` without a gap) in one transaction; returns the new checkpoint.
    /// `inTransaction`, if given, runs in the same transaction after the tables are written (the findings).
    @discardableResult
    public func apply(
        _ events: [ProjectionEvent], after checkpoint: Int64, inTransaction: ((Connection, Int64) throws -> Void)? = nil
    ) throws -> Int64 {
        guard let last = events.last else { return checkpoint }
        return try connection.transaction { connection in
            if takesApplyLock { try ProjectionLock.apply.take(in: connection) }
            try self.applyInTransaction(events, after: checkpoint)
            try inTransaction?(connection, last.position)
            return last.position
        }
    }

    /// The body of ``apply(_:after:inTransaction:)`` for a caller that manages the transaction.
    func applyInTransaction(_ events: [ProjectionEvent], after checkpoint: Int64) throws {
        guard let last = events.last else { return }
        let stored = try connection.query(
            "SELECT position FROM \(table("checkpoints")) WHERE name = $1 FOR UPDATE", [Self.checkpointName]).int64(0, 0)
        guard stored == checkpoint else {
            throw ProjectionError(.checkpointMoved, "the \(schema) checkpoint is at \(stored.map(String.init) ?? "nothing"), not \(checkpoint): another process moved it")
        }
        guard events.first!.position == checkpoint + 1 else {
            throw ProjectionError(.database, "the batch starts at position \(events.first!.position), not \(checkpoint + 1)")
        }
        let batch = try BatchRows(loading: events, from: self)
        for event in events {
            batch.rows.resetTouched()
            if StreamFold.isAmendment(event.type) {
                let scratch = RowSet()
                let events = try ProjectionLog.readStream(connection, event.stream, toVersion: event.version)
                guard try StreamFold.refoldUnlessRetracted(events, into: scratch, connection: connection) else {
                    batch.recordVersions(at: event)
                    continue
                }
                for (key, row) in scratch.rows {
                    batch.rows.rows[key] = row
                    batch.rows.touch(key)
                }
            } else {
                try StreamFold.applyUnlessRetracted(event, to: batch.rows, connection: connection)
            }
            batch.recordVersions(at: event)
        }
        try batch.write(to: self)
        let updated = try connection.query("""
            UPDATE \(table("checkpoints")) SET position = $1, updated_at = clock_timestamp(),
                   error = NULL, error_position = NULL, error_event_id = NULL, error_type = NULL
            WHERE name = $2 AND position = $3
            """, [last.position, Self.checkpointName, checkpoint])
        guard updated.affectedRows == 1 else {
            throw ProjectionError(.checkpointMoved, "the \(schema) checkpoint moved from \(checkpoint) during the batch")
        }
    }

    /// Records why the projection stopped, in its checkpoint row (its own transaction).
    public func recordFailure(_ error: ProjectionError) {
        _ = try? connection.query("""
            UPDATE \(table("checkpoints")) SET error = $1, error_position = $2, error_event_id = $3, error_type = $4,
                   updated_at = clock_timestamp()
            WHERE name = $5
            """, [error.description, error.position, error.eventID, error.eventType, Self.checkpointName])
    }
}

/// One batch's rows: the current versions loaded from the tables, the rows as folded, and each row's
/// new versions in event order.
final class BatchRows {
    struct Version {
        var position: Int64
        var recordedAt: String
        var row: ProjectionRow
    }

    let rows = RowSet()
    /// The current versions at the start of the batch.
    private var loaded: [RowKey: ProjectionRow] = [:]
    private var versions: [RowKey: [Version]] = [:]
    private var order: [RowKey] = []

    init(loading events: [ProjectionEvent], from projector: Projector) throws {
        var slugsByKind = [String: Set<String>]()
        for event in events {
            if let (kind, slug) = event.streamParts { slugsByKind[kind, default: []].insert(slug) }
        }
        for (kind, slugs) in slugsByKind {
            for spec in ProjectionSchema.tables(forStreamKind: kind) {
                try load(spec, slugs: Array(slugs), from: projector)
            }
        }
        rows.rows = loaded
    }

    private func load(_ spec: ProjectionTable, slugs: [String], from projector: Projector) throws {
        let tableIndex = ProjectionSchema.tableIndex[spec.name]!
        let columns = spec.columnNames.map(ProjectionSchema.quote).joined(separator: ", ")
        let result = try projector.connection.query("""
            SELECT \(columns) FROM \(projector.table(spec.name))
            WHERE valid_to_position IS NULL AND \(ProjectionSchema.quote(spec.parentColumn)) = ANY($1::text[])
            """, [PostgresTextArray(slugs)])
        for row in 0..<result.rowCount {
            var values = [ProjectionValue?]()
            values.reserveCapacity(spec.columns.count)
            for (column, (_, type)) in spec.columns.enumerated() {
                switch type {
                case .scalar: values.append(result.string(row, column).map(ProjectionValue.text))
                case .json: values.append(try result.withBytes(row, column) { try $0.map { ProjectionValue.json(try JSON.parse($0)) } })
                }
            }
            let key = RowKey(table: tableIndex, id: values[0]!.textValue!)
            loaded[key] = ProjectionRow(table: tableIndex, values: values)
        }
    }

    /// After an event: a new version for every row it touched that now differs from its last version.
    func recordVersions(at event: ProjectionEvent) {
        for key in rows.touched {
            guard let row = rows.rows[key] else { continue }
            let previous = versions[key]?.last?.row ?? loaded[key]
            guard previous != row else { continue }
            if versions[key] == nil { order.append(key) }
            versions[key, default: []].append(Version(position: event.position, recordedAt: event.recordedAtText, row: row))
        }
    }

    /// Per table: one UPDATE closing the loaded versions that were replaced, then one COPY of the new versions.
    func write(to projector: Projector) throws {
        var closing = [Int: (ids: [String], positions: [String], times: [String])]()
        var copies = [Int: CopyData]()
        for key in order {
            let list = versions[key]!
            if loaded[key] != nil {
                closing[key.table, default: ([], [], [])].ids.append(key.id)
                closing[key.table]!.positions.append(String(list[0].position))
                closing[key.table]!.times.append(list[0].recordedAt)
            }
            for (index, version) in list.enumerated() {
                let next = index + 1 < list.count ? list[index + 1] : nil
                copies[key.table, default: CopyData()].appendVersion(
                    version.row, from: version.position, to: next?.position, fromTime: version.recordedAt, toTime: next?.recordedAt)
            }
        }
        for (tableIndex, close) in closing.sorted(by: { $0.key < $1.key }) {
            let name = projector.table(ProjectionSchema.tables[tableIndex].name)
            try projector.connection.query("""
                UPDATE \(name) AS t SET valid_to_position = v.position, valid_to = v.recorded_at
                FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS v(id, position, recorded_at)
                WHERE t.id = v.id AND t.valid_to_position IS NULL
                """, [PostgresTextArray(close.ids), PostgresTextArray(close.positions), PostgresTextArray(close.times)])
        }
        for (tableIndex, data) in copies.sorted(by: { $0.key < $1.key }) {
            try projector.connection.copyIn(ProjectionSchema.copyStatement(ProjectionSchema.tables[tableIndex], schema: projector.schema), data)
        }
    }
}

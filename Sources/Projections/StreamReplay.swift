public import DocketJSON
public import Foundation
public import PostgresClient

/// An auditor's view of one stream: its events in order, each with the state after it, folded by the
/// same code as the projection tables.
public struct StreamReplay {
    public struct Step: Sendable {
        public var event: ProjectionEvent
        /// The stream's rows after the event: table name → (row id → column → value), NULLs left out.
        /// Personal columns (consultation_respondents) are left out.
        public var state: [String: [String: [String: JSON]]]
    }

    /// Replays `stream`, only events recorded at or before `asOf` if given.
    public static func replay(_ connection: Connection, stream: String, asOf: Date? = nil) throws -> [Step] {
        let events = try ProjectionLog.readStream(connection, stream, recordedAtOrBefore: asOf)
        return try steps(events)
    }

    static func steps(_ events: [ProjectionEvent]) throws -> [Step] {
        let rows = RowSet()
        var steps = [Step]()
        for (index, event) in events.enumerated() {
            if StreamFold.isAmendment(event.type) {
                rows.rows = [:]
                try StreamFold.refold(Array(events[...index]), into: rows)
            } else {
                try StreamFold.apply(event, to: rows)
            }
            steps.append(Step(event: event, state: snapshot(rows)))
        }
        return steps
    }

    /// The stream's rows as the projection tables would hold them after `events`.
    static func fold(_ events: [ProjectionEvent]) throws -> [RowKey: ProjectionRow] {
        let rows = RowSet()
        try StreamFold.refold(events, into: rows)
        return rows.rows
    }

    static func snapshot(_ rows: RowSet) -> [String: [String: [String: JSON]]] {
        var state = [String: [String: [String: JSON]]]()
        for (key, row) in rows.rows {
            let table = ProjectionSchema.tables[key.table]
            guard table.isPublic else { continue }
            var object = [String: JSON]()
            for (index, column) in table.columns.enumerated() where index > 0 {
                switch row.values[index] {
                case nil: continue
                case .json(let json)?: object[column.name] = json
                case .text(let text)?: object[column.name] = .string(text)
                }
            }
            state[table.name, default: [:]][key.id] = object
        }
        return state
    }
}

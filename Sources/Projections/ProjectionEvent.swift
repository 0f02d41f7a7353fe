public import DocketJSON
public import Foundation
import Commissioning
import PostgresClient

/// An event as the projector reads it: the log's columns, with the restricted (personal) fields and
/// the timestamps in PostgreSQL's text form, so they are written back exactly as stored.
public struct ProjectionEvent: Sendable {
    public var position: Int64
    public var stream: String
    public var version: Int64
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    public var data: [String: JSON]
    public var restricted: [String: JSON]?
    public var actor: String?
    public var authority: String?
    public var reason: String?
    /// `occurred_at` and `recorded_at` as the server prints them in UTC (`2011-03-15 00:00:00+00`).
    public var occurredAtText: String
    public var recordedAtText: String

    /// The id of the row an item-adding event creates (a response, a stage, a review…): its event id.
    var itemID: String { id.lowercasedText }

    /// The business day (UTC) of occurredAt, `YYYY-MM-DD`.
    var day: String { String(occurredAtText.prefix(10)) }

    /// The stream's kind and id: `decision-wirral-mas` → ("decision", "wirral-mas").
    var streamParts: (kind: String, slug: String)? {
        // Searched as bytes: a search by Character breaks the string into grapheme clusters, and this
        // runs for every event a rebuild folds.
        guard let dash = stream.utf8.firstIndex(of: UInt8(ascii: "-")) else { return nil }
        return (String(stream[..<dash]), String(stream[stream.utf8.index(after: dash)...]))
    }
}

/// Reads the log for projecting: positions in order, with restricted fields joined in.
enum ProjectionLog {
    static let columns = """
        e.position, e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version, e.payload::text,
        r.fields::text, e.actor, e.authority, e.reason, e.occurred_at, e.recorded_at
        """

    /// Up to `limit` events after `position`.
    static func read(_ connection: Connection, after position: Int64, limit: Int) throws -> [ProjectionEvent] {
        // `r.position > $1` too: PostgreSQL does not carry the range across the join's equality, and without
        // it the merge join reads the restricted parts from the first, every batch (45,000 rows a batch
        // near the end of a 1,000,000-event ledger).
        try decode(connection.query("""
            SELECT \(columns) FROM docket.events e
            LEFT JOIN docket.event_restricted r ON r.position = e.position AND r.position > $1
            WHERE e.position > $1 ORDER BY e.position LIMIT $2
            """, [position, limit]))
    }

    /// The events at `positions` (bigints in their text form), in log order.
    static func read(_ connection: Connection, positions: [String]) throws -> [ProjectionEvent] {
        try decode(connection.query("""
            SELECT \(columns) FROM docket.events e LEFT JOIN docket.event_restricted r ON r.position = e.position
            WHERE e.position = ANY($1::bigint[]) ORDER BY e.position
            """, [PostgresTextArray(positions)]))
    }

    /// One stream's events up to `version`, and recorded at or before `recordedAtOrBefore` if given.
    static func readStream(
        _ connection: Connection, _ stream: String, toVersion version: Int64? = nil, recordedAtOrBefore: Date? = nil
    ) throws -> [ProjectionEvent] {
        try decode(connection.query("""
            SELECT \(columns) FROM docket.events e LEFT JOIN docket.event_restricted r ON r.position = e.position
            WHERE e.stream_id = $1 AND ($2::bigint IS NULL OR e.stream_version <= $2)
              AND ($3::timestamptz IS NULL OR e.recorded_at <= $3)
            ORDER BY e.stream_version
            """, [stream, version, recordedAtOrBefore]))
    }

    /// Whether an event of `stream`, anywhere in the log, retracts the event `id`.
    static func isRetracted(_ connection: Connection, stream: String, id: UUID) throws -> Bool {
        try connection.query("""
            SELECT EXISTS (SELECT FROM docket.events e
                           WHERE e.stream_id = $1 AND e.event_type = 'EventRetracted' AND lower(e.payload ->> 'event') = $2)
            """, [stream, id.uuidString.lowercased()]).bool(0, 0) ?? false
    }

    /// The events of `streams` at or before `position`, grouped by stream, each in version order.
    static func readStreams(_ connection: Connection, _ streams: [String], upTo position: Int64) throws -> [ProjectionEvent] {
        try decode(connection.query("""
            SELECT \(columns) FROM docket.events e LEFT JOIN docket.event_restricted r ON r.position = e.position
            WHERE e.stream_id = ANY($1::text[]) AND e.position <= $2
            ORDER BY e.stream_id, e.stream_version
            """, [PostgresTextArray(streams), position]))
    }

    static func decode(_ result: QueryResult) throws -> [ProjectionEvent] {
        var events = [ProjectionEvent]()
        events.reserveCapacity(result.rowCount)
        var repeated = RepeatedText()
        for row in 0..<result.rowCount {
            let data = try result.withBytes(row, 6) { try JSON.parse($0!) }
            let restricted = try result.withBytes(row, 7) { try $0.map { try JSON.parse($0) } }
            events.append(ProjectionEvent(
                position: try result.int64(row, 0)!, stream: result.string(row, 1)!, version: try result.int64(row, 2)!,
                id: try result.uuid(row, 3)!, type: result.withBytes(row, 4) { KnownEventTypes.name($0!) },
                schemaVersion: Int(try result.int64(row, 5)!),
                data: data.objectValue ?? [:], restricted: restricted?.objectValue,
                actor: repeated.text(result, row, 8), authority: repeated.text(result, row, 9),
                reason: repeated.text(result, row, 10),
                occurredAtText: repeated.text(result, row, 11)!, recordedAtText: repeated.text(result, row, 12)!))
        }
        return events
    }
}

/// Text columns whose value often repeats the row before's (an append's events share their recorded
/// time, a batch of commands its actor): such a value shares the String already made instead of
/// allocating another.
private struct RepeatedText {
    /// The last value read of each column (up to the 16th), by column index.
    private var previous = [String?](repeating: nil, count: 16)

    mutating func text(_ result: QueryResult, _ row: Int, _ column: Int) -> String? {
        result.withBytes(row, column) { bytes -> String? in
            guard let bytes else { return nil }
            if column < previous.count, let last = previous[column] {
                let isSame = last.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) }
                    ?? last.utf8.elementsEqual(bytes)
                if isSame { return last }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if column < previous.count { previous[column] = text }
            return text
        }
    }
}

/// The names of the event types this build knows, so that reading one from the log takes the
/// compiled-in string instead of allocating a copy a million times in a rebuild (and later comparisons
/// with the same literal are quick). Any other name is decoded as usual.
enum KnownEventTypes {
    /// The known names by their length in bytes.
    private static let byLength: [[String]] = {
        var table = [[String]](repeating: [], count: 64)
        for type in EventType.allCases where type.rawValue.utf8.count < table.count {
            table[type.rawValue.utf8.count].append(type.rawValue)
        }
        return table
    }()

    static func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count < byLength.count {
            for name in byLength[bytes.count] where name.utf8.elementsEqual(bytes) { return name }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

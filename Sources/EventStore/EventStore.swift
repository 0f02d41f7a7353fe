import DocketJSON
public import Foundation
public import PostgresClient
import Ledger

/// The append-only event store over one PostgreSQL connection.
///
/// Appends go through the appending functions of sql/0004_append.sql, one round trip per batch; reads are
/// plain parameterised queries. Like its connection, a store is used by one thread at a time.
public final class EventStore {
    /// The connection this store uses.
    public let connection: Connection

    /// The largest event accepted: its canonical payload, restricted fields and metadata together.
    public static let maximumEventBytes = 1 << 20
    /// The most events one atomic batch may hold.
    public static let maximumBatchEvents = 10_000
    /// The most bytes one atomic batch may hold (all events' payloads and metadata together).
    public static let maximumBatchBytes = 64 << 20
    /// The channel every append notifies with the new last position.
    public static let notificationChannel = "docket_events"

    public init(connection: Connection) {
        self.connection = connection
    }

    // MARK: Appending

    /// Appends `events` as one atomic batch: all of them or none.
    ///
    /// Events whose id is already in the log with identical content are not written again; their original
    /// positions come back with `isDuplicate` set. Throws ``EventStoreError`` for a version conflict
    /// (`.versionConflict`, naming the stream and versions), an id reused with different content, or a
    /// batch over the limits.
    @discardableResult
    public func append(_ events: [NewEvent]) throws(EventStoreError) -> [AppendedEvent] {
        guard !events.isEmpty else { return [] }
        return try append(try Self.encode(events, stagingFrom: stagingThreshold))
    }

    /// Batches of at least this many events are COPYed and staged; smaller ones go as one JSON document.
    /// Staging costs four round trips and a TRUNCATE, which a small batch does not earn back: per batch
    /// (one serial client), 2 events took 4.2 ms staged and 1.4 ms as JSON, 100 events 19.0 ms and 15.6 ms;
    /// at 1,000 events staging was 20–40% faster, at 10,000 1.6–1.9×.
    public static let defaultStagingThreshold = 256
    /// This store's threshold for staging (tests lower it to run small batches through staging).
    public var stagingThreshold = EventStore.defaultStagingThreshold

    /// A batch checked against the limits and encoded for the server, with its digests computed.
    /// Encoding is the client's share of an append; callers may do it on another thread ahead of time.
    public struct EncodedBatch: Sendable {
        public let events: [NewEvent]
        let form: Form

        enum Form: Sendable {
            /// One event, as the parameters of `docket.append_event()` (sql/0004_append.sql).
            case single([String?])
            /// A small batch, or one event with restricted fields, as the JSON array `docket.append()` takes.
            case document(String)
            /// A larger batch, as rows for `COPY pg_temp.docket_staging`, then `docket.append_staged()` (sql/0004_append.sql).
            case rows(BinaryCopyData)
        }
    }

    /// Checks and encodes `events` as one batch, without touching the database. Batches of at least
    /// `stagingFrom` events will be staged (see ``defaultStagingThreshold``).
    public static func encode(
        _ events: [NewEvent], stagingFrom: Int = defaultStagingThreshold
    ) throws(EventStoreError) -> EncodedBatch {
        let encoded = try encodeEvents(events)
        if encoded.count == 1, encoded[0].restricted == nil {
            return EncodedBatch(events: events, form: .single(encoded[0].parameters))
        }
        if encoded.count < max(stagingFrom, 2) {
            var out = [UInt8]()
            out.append(UInt8(ascii: "["))
            for (index, event) in encoded.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                event.writeJSON(to: &out)
            }
            out.append(UInt8(ascii: "]"))
            return EncodedBatch(events: events, form: .document(String(decoding: out, as: UTF8.self)))
        }
        var rows = BinaryCopyData()
        for (index, event) in encoded.enumerated() {
            event.writeRow(ordinal: index + 1, to: &rows)
        }
        return EncodedBatch(events: events, form: .rows(rows))
    }

    /// Appends a batch made by ``encode(_:)``, atomically.
    ///
    /// A single event is one call of `docket.append_event()`, through a statement prepared once per
    /// session (or of `docket.append()` if it has restricted fields); a small batch is one call of
    /// `docket.append()`. A larger one is COPYed into the session's staging
    /// table and appended by `docket.append_staged()`, in a transaction of its own unless the connection
    /// is already in one.
    @discardableResult
    public func append(_ batch: EncodedBatch) throws(EventStoreError) -> [AppendedEvent] {
        guard !batch.events.isEmpty else { return [] }
        let events = batch.events
        let result: QueryResult
        do {
            switch batch.form {
            case .single(let parameters):
                result = try connection.query(prepared: Self.appendEvent, parameters)
            case .document(let text):
                result = try connection.query("SELECT \(Self.appendedColumns) FROM docket.append($1::jsonb)", [text])
            case .rows(let rows):
                result = try appendStaged(rows)
            }
        } catch {
            throw EventStoreError(error, batch: events)
        }
        do {
            return try (0..<result.rowCount).map { row throws(PostgresError) in
                AppendedEvent(
                    id: try result.uuid(row, 0)!, position: try result.int64(row, 1)!, stream: result.string(row, 2)!,
                    version: try result.int64(row, 3)!, isDuplicate: try result.bool(row, 4)!)
            }
        } catch {
            throw EventStoreError(kind: .database, message: error.description, underlying: error)
        }
    }

    /// What every append function returns for each event of its batch, in order.
    private static let appendedColumns = "event_id, position, stream_id, stream_version, is_duplicate"

    private static let appendEvent = """
        SELECT \(appendedColumns) FROM docket.append_event(
            $1::uuid, $2::text, $3::text, $4::integer, $5::text, $6::jsonb, $7::bytea, $8::jsonb, $9::bytea,
            $10::text, $11::text, $12::text, $13::uuid, $14::uuid, $15::timestamptz)
        """

    private func appendStaged(_ rows: BinaryCopyData) throws(PostgresError) -> QueryResult {
        let ownsTransaction = !connection.isInTransaction
        do {
            try connection.executeScript((ownsTransaction ? "BEGIN; " : "") + "SELECT docket.open_staging()")
            try connection.copyIn("COPY pg_temp.docket_staging (\(Self.stagedColumns)) FROM STDIN (FORMAT binary)", rows)
            let result = try connection.query("SELECT \(Self.appendedColumns) FROM docket.append_staged()")
            if ownsTransaction { try connection.executeScript("COMMIT") }
            return result
        } catch {
            if ownsTransaction, connection.isConnected, connection.isInTransaction {
                try? connection.executeScript("ROLLBACK")
            }
            throw error
        }
    }

    /// The staging table's columns in the order, and with the types, `EncodedEvent.writeRow` writes them.
    static let stagedColumns = """
        ord, id, stream, type, schema_version, expected, data, payload_digest, metadata, metadata_digest, \
        restricted, restricted_salt, restricted_digest, actor, authority, reason, correlation_id, causation_id, \
        occurred_at
        """

    /// Checks one event against the limits and the store's rules without touching the database.
    /// Returns its encoded size in bytes.
    public static func validate(_ event: NewEvent) throws(EventStoreError) -> Int {
        let size = [event.data, event.metadata, event.restricted ?? [:]].reduce(0) {
            $0 + JSON.object($1).canonicalBytes.count
        }
        try check(event, size: size)
        return size
    }

    /// The store's rules for one event whose canonical payload, metadata and restricted fields take
    /// `size` bytes together.
    static func check(_ event: NewEvent, size: Int) throws(EventStoreError) {
        for (part, object) in [("data", event.data), ("metadata", event.metadata), ("restricted", event.restricted ?? [:])] {
            if containsNulCharacter(.object(object)), let key = firstNulCharacter(in: .object(object)) {
                throw EventStoreError(kind: .invalidInput, message:
                    "\(part) of event \(event.id.uuidString.lowercased()) holds a NUL character (\\u0000) in \(key.replacingOccurrences(of: "\u{0}", with: "\\u0000")); PostgreSQL cannot store it — remove it")
            }
        }
        if let field = fieldWithNulCharacter(event) {
            throw EventStoreError(kind: .invalidInput, message:
                "\(field) of event \(event.id.uuidString.lowercased()) holds a NUL character (\\u0000); PostgreSQL cannot store it — remove it")
        }
        guard size <= maximumEventBytes else {
            throw EventStoreError(kind: .invalidInput, message:
                "event \(event.id.uuidString.lowercased()) is \(size) bytes; an event may be at most \(maximumEventBytes) bytes (1 MiB) — store large documents elsewhere and record their digest")
        }
        guard !event.stream.isEmpty, event.stream.utf8.count <= 256 else {
            throw EventStoreError(kind: .invalidInput, message: "a stream name must have 1 to 256 bytes")
        }
        guard !event.type.isEmpty, event.type.utf8.count <= 256 else {
            throw EventStoreError(kind: .invalidInput, message: "an event type must have 1 to 256 bytes")
        }
        guard event.schemaVersion >= 1, event.schemaVersion <= Int(Int32.max) else {
            throw EventStoreError(kind: .invalidInput, message: "schema version must be a positive 32-bit number")
        }
        if case .exact(let version) = event.expectedVersion, version < 0 {
            throw EventStoreError(kind: .invalidInput, message: "an expected version cannot be negative")
        }
        if let occurredAt = event.occurredAt, !isStorableOccurredTime(occurredAt) {
            throw EventStoreError(kind: .invalidInput, message:
                "event \(event.id.uuidString.lowercased()) has an occurred time outside the years 1 to 9999 (UTC) — check its date")
        }
    }

    /// The first text column of `event` that holds a NUL character. Checked field by field: every event of
    /// a batch passes here, and a list of them would be built for each.
    private static func fieldWithNulCharacter(_ event: NewEvent) -> String? {
        if event.stream.utf8.contains(0) { return "stream" }
        if event.type.utf8.contains(0) { return "type" }
        if event.context.actor?.utf8.contains(0) == true { return "actor" }
        if event.context.authority?.utf8.contains(0) == true { return "authority" }
        if event.context.reason?.utf8.contains(0) == true { return "reason" }
        return nil
    }

    /// The occurred times an event may have, in Unix microseconds: the years 1 to 9999 (UTC), which every
    /// way in stores alike and every reader parses back. (The server takes earlier times given as binary,
    /// in a staged batch, and prints them with BC, which no reader parses.)
    static let occurredTimes: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    private static func isStorableOccurredTime(_ date: Date) -> Bool {
        // In seconds first: far outside the range, microseconds would not fit in an Int64.
        let seconds = date.timeIntervalSince1970
        guard seconds > -62_135_596_801, seconds < 253_402_300_801 else { return false }
        return occurredTimes.contains(PostgresTimestamp.unixMicroseconds(date))
    }

    /// Checks a batch against the limits and computes each event's canonical forms and digests.
    static func encodeEvents(_ events: [NewEvent]) throws(EventStoreError) -> [EncodedEvent] {
        guard events.count <= maximumBatchEvents else {
            throw EventStoreError(kind: .invalidInput, message:
                "a batch holds \(events.count) events; the limit is \(maximumBatchEvents) — split the input or use --batch-size")
        }
        var encoded = [EncodedEvent]()
        encoded.reserveCapacity(events.count)
        var total = 0
        for (index, event) in events.enumerated() {
            let encodedEvent = EncodedEvent(event)
            do {
                try check(event, size: encodedEvent.size)
                total += encodedEvent.size
            } catch {
                var error = error
                error.index = index
                error.eventID = event.id
                error.message = "event \(index + 1) of the batch: \(error.message)"
                throw error
            }
            guard total <= maximumBatchBytes else {
                throw EventStoreError(kind: .invalidInput, message:
                    "the batch exceeds \(maximumBatchBytes >> 20) MiB at event \(index + 1); split the input or use --batch-size")
            }
            encoded.append(encodedEvent)
        }
        return encoded
    }

    /// Whether any string or member name in `value` holds U+0000: the common case, answered without
    /// building the paths ``firstNulCharacter(in:path:)`` reports.
    private static func containsNulCharacter(_ value: JSON) -> Bool {
        switch value {
        case .string(let text): hasNul(text)
        case .array(let items): items.contains(where: containsNulCharacter)
        case .object(let members): members.contains { hasNul($0.key) || containsNulCharacter($0.value) }
        default: false
        }
    }

    private static func hasNul(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        } ?? text.utf8.contains(0)
    }

    private static func firstNulCharacter(in value: JSON, path: String = "") -> String? {
        switch value {
        case .string(let text):
            return text.utf8.contains(0) ? (path.isEmpty ? "a value" : path) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstNulCharacter(in: item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (name, member) in members {
                let memberPath = path.isEmpty ? name : "\(path).\(name)"
                if name.utf8.contains(0) { return memberPath }
                if let found = firstNulCharacter(in: member, path: memberPath) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    // MARK: Reading

    static let eventColumns = """
        position, stream_id, stream_version, event_id, event_type, schema_version, payload::text, metadata::text,
        actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at
        """

    /// One stream's events from `fromVersion`, optionally up to `toVersion` and to those recorded at or
    /// before `recordedAtOrBefore` (the stream "as the ledger stood" then).
    public func readStream(
        _ stream: String, fromVersion: Int64 = 1, toVersion: Int64? = nil, recordedAtOrBefore: Date? = nil
    ) throws(EventStoreError) -> [RecordedEvent] {
        try read("""
            SELECT \(Self.eventColumns) FROM docket.events
            WHERE stream_id = $1 AND stream_version >= $2
              AND ($3::bigint IS NULL OR stream_version <= $3)
              AND ($4::timestamptz IS NULL OR recorded_at <= $4)
            ORDER BY stream_version
            """, [stream, fromVersion, toVersion, recordedAtOrBefore])
    }

    /// Every event of the given streams, in log order (for loading many streams' state at once).
    public func readStreams(_ streams: [String]) throws(EventStoreError) -> [RecordedEvent] {
        guard !streams.isEmpty else { return [] }
        return try read("""
            SELECT \(Self.eventColumns) FROM docket.events WHERE stream_id = ANY($1::text[]) ORDER BY position
            """, [PostgresTextArray(streams)])
    }

    /// Whether an event with this id is in the log.
    public func contains(eventID: UUID) throws(EventStoreError) -> Bool {
        do {
            return try connection.query("SELECT 1 FROM docket.events WHERE event_id = $1", [eventID]).rowCount == 1
        } catch {
            throw EventStoreError(kind: .database, message: error.description, underlying: error)
        }
    }

    /// Up to `limit` events of the whole log after position `after`, in position order.
    public func readLog(after position: Int64, limit: Int = 1000) throws(EventStoreError) -> [RecordedEvent] {
        try read("""
            SELECT \(Self.eventColumns) FROM docket.events WHERE position > $1 ORDER BY position LIMIT $2
            """, [position, limit])
    }

    /// The last committed position (0 for an empty log).
    public func headPosition() throws(EventStoreError) -> Int64 {
        do {
            return try connection.query("SELECT position FROM docket.log_head").int64(0, 0) ?? 0
        } catch {
            throw EventStoreError(kind: .database, message: error.description, underlying: error)
        }
    }

    private func read(_ sql: String, _ parameters: [(any PostgresEncodable)?]) throws(EventStoreError) -> [RecordedEvent] {
        do {
            let result = try connection.query(sql, parameters)
            var events = [RecordedEvent]()
            events.reserveCapacity(result.rowCount)
            for row in 0..<result.rowCount {
                events.append(try Self.decodeEvent(result, row))
            }
            return events
        } catch let error as PostgresError {
            throw EventStoreError(kind: .database, message: error.description, underlying: error)
        } catch {
            throw EventStoreError(kind: .database, message: "\(error)")
        }
    }

    static func decodeEvent(_ result: QueryResult, _ row: Int) throws -> RecordedEvent {
        func object(_ column: Int) throws -> [String: JSON] {
            let value = try result.withBytes(row, column) { bytes in try JSON.parse(bytes!) }
            guard let members = value.objectValue else {
                throw PostgresError(kind: .decoding, message: "the stored payload at row \(row + 1) is not a JSON object")
            }
            return members
        }
        return RecordedEvent(
            position: try result.int64(row, 0)!,
            stream: result.string(row, 1)!,
            version: try result.int64(row, 2)!,
            id: try result.uuid(row, 3)!,
            type: result.string(row, 4)!,
            schemaVersion: Int(try result.int64(row, 5)!),
            data: try object(6),
            metadata: try object(7),
            context: EventContext(
                actor: result.string(row, 8), authority: result.string(row, 9), reason: result.string(row, 10),
                correlationID: try result.uuid(row, 11), causationID: try result.uuid(row, 12)),
            occurredAt: try result.date(row, 13)!,
            recordedAt: try result.date(row, 14)!)
    }
}

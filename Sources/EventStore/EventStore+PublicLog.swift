import DocketJSON
public import Ledger
import PostgresClient

extension EventStore {
    /// Up to `limit` events after position `after` (and at most `through`), in their public form: every field
    /// their leaves commit to, with restricted fields only as their salted digest (docs/ledger-format.md §8).
    /// With `types`, only events of those types.
    public func readPublicLog(
        after position: Int64, limit: Int, through last: Int64 = .max, types: [String]? = nil
    ) throws(EventStoreError) -> [PublicEvent] {
        try readPublicLog(
            where: "position > $1 AND position <= $3 AND ($4 = '' OR event_type = ANY (string_to_array($4, ',')))",
            [position, limit, last, (types ?? []).joined(separator: ",")], orderedLimit: true)
    }

    /// The events at `positions` (any order; positions not in the log are left out), in position order.
    public func readPublicEvents(at positions: [Int64]) throws(EventStoreError) -> [PublicEvent] {
        try readPublicLog(
            where: "position = ANY (string_to_array($1, ',')::bigint[])",
            [positions.map(String.init).joined(separator: ",")], orderedLimit: false)
    }

    private func readPublicLog(where condition: String, _ parameters: [(any PostgresEncodable)?], orderedLimit: Bool) throws(EventStoreError) -> [PublicEvent] {
        do {
            let result = try connection.query("""
                SELECT position, event_id, stream_id, stream_version, event_type, schema_version, payload::text, metadata::text,
                       actor, authority, reason, correlation_id, causation_id,
                       (extract(epoch FROM occurred_at - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint,
                       (extract(epoch FROM recorded_at - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint,
                       restricted_digest
                FROM docket.events WHERE \(condition) ORDER BY position\(orderedLimit ? " LIMIT $2" : "")
                """, parameters)
            var events = [PublicEvent]()
            events.reserveCapacity(result.rowCount)
            for row in 0..<result.rowCount {
                func object(_ column: Int) throws -> [String: JSON] {
                    let value = try result.withBytes(row, column) { bytes in try JSON.parse(bytes!) }
                    guard let members = value.objectValue else {
                        throw EventStoreError(kind: .database, message: "the stored JSON at position \(try result.int64(row, 0) ?? 0) is not an object")
                    }
                    return members
                }
                events.append(PublicEvent(
                    position: try result.int64(row, 0)!, id: try result.uuid(row, 1)!, stream: result.string(row, 2)!,
                    version: try result.int64(row, 3)!, type: result.string(row, 4)!, schemaVersion: Int32(try result.int64(row, 5)!),
                    occurredAtMicroseconds: try result.int64(row, 13)!, recordedAtMicroseconds: try result.int64(row, 14)!,
                    actor: result.string(row, 8), authority: result.string(row, 9), reason: result.string(row, 10),
                    correlationID: try result.uuid(row, 11), causationID: try result.uuid(row, 12),
                    metadata: try object(7), data: try object(6),
                    restrictedDigest: try result.bytes(row, 15).flatMap { Digest(bytes: $0) }))
            }
            return events
        } catch let error as EventStoreError {
            throw error
        } catch let error as PostgresError {
            throw EventStoreError(kind: .database, message: error.description, underlying: error)
        } catch {
            throw EventStoreError(kind: .database, message: "\(error)")
        }
    }
}

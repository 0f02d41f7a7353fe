import Commissioning
import DocketJSON
import Foundation
import PostgresClient

/// The findings table: ``FindingsDetector`` fed every event, its findings written as a whole set.
///
/// Findings are global (a rule may join a decision with an interest declared years later), so the table
/// holds the current set, no history, as of checkpoint `findings`. The worker writes it in the same
/// transaction as a batch whenever it has caught up with the log; a rebuild writes it once, at the swap.
/// The detector lives in memory; a restarted worker first feeds it the log up to its checkpoint.
final class FindingsProjection {
    private var detector = FindingsDetector()
    private(set) var observedPosition: Int64 = 0

    func observe(_ events: [ProjectionEvent]) {
        for event in events where event.position > observedPosition {
            detector.observe(Self.logged(event))
            observedPosition = event.position
        }
    }

    /// Feeds the detector the log from where it stands up to `position`.
    func catchUp(to position: Int64, connection: Connection) throws {
        while observedPosition < position {
            let events = try ProjectionLog.read(connection, after: observedPosition, limit: Int(min(2_000, position - observedPosition)))
            guard !events.isEmpty else { break }
            observe(events)
        }
    }

    /// Replaces the findings table of `schema` with the detector's findings and advances its checkpoint.
    func write(connection: Connection, schema: String, position: Int64) throws {
        let table = ProjectionSchema.quote(schema) + ".findings"
        try connection.executeScript("DELETE FROM \(table)")
        let rows: [[String?]] = detector.findings.map { finding in
            let positions = finding.events.map(\.position)
            let events = JSON.array(finding.events.map { event in
                .object([
                    "position": JSON(event.position), "id": .string(event.eventId.uuidString.lowercased()),
                    "stream": .string(event.stream), "type": .string(event.type),
                ])
            })
            return [finding.rule.id, finding.summary, events.canonicalString,
                    String(positions.min() ?? 0), String(positions.max() ?? 0)]
        }
        try connection.copyIn("COPY \(table) (rule, summary, events, first_position, last_position) FROM STDIN", rows: rows)
        try connection.query("""
            UPDATE \(ProjectionSchema.quote(schema)).checkpoints SET position = $1, updated_at = clock_timestamp() WHERE name = $2
            """, [position, Projector.findingsCheckpointName])
    }

    static func logged(_ event: ProjectionEvent) -> LoggedEvent {
        LoggedEvent(
            position: event.position, stream: event.stream, version: event.version, id: event.id, type: event.type,
            schemaVersion: event.schemaVersion, data: .object(event.data), restricted: event.restricted,
            metadata: EventMetadata(actor: event.actor ?? "", authority: event.authority, reason: event.reason),
            occurredAt: PostgresTimestamp.parse(event.occurredAtText) ?? Date(timeIntervalSince1970: 0),
            recordedAt: PostgresTimestamp.parse(event.recordedAtText) ?? Date(timeIntervalSince1970: 0))
    }
}

import Commissioning
import DocketJSON
import Foundation
import PostgresClient

/// The findings table, as of checkpoint `findings`: the current set of ``FindingsDetector`` findings,
/// no history, each row with the anchor it is about.
///
/// Findings are global (a rule may join a decision with an interest declared years later), but each
/// is about one anchor, whose findings depend on a few groups of events
/// (``FindingsDetector/Partition``). So the worker keeps no detector: per batch, in the batch's
/// transaction, it records each event's groups and links (``record(_:connection:schema:)``) and queues
/// the anchors the batch may have changed; once caught up, it recomputes the queued anchors' findings
/// from their groups' events (``refresh(connection:schema:position:)``). Its memory is bounded by the
/// batch, whatever the size of the log.
///
/// A rebuild reads every event anyway, so it feeds one detector in memory (``observe(_:)``), writes the
/// groups and links as it goes (``copyPartitions(of:connection:schema:)``), and writes the findings
/// once, at the swap (``writeAll(connection:schema:position:)``).
final class FindingsProjection {
    private var detector = FindingsDetector()
    private(set) var observedPosition: Int64 = 0
    /// How many anchors ``refresh(connection:schema:position:)`` recomputes at a time.
    static let anchorsPerRefresh = 2_000

    /// Rebuild: feeds the in-memory detector.
    func observe(_ events: [ProjectionEvent]) {
        // By index: binding each element would copy it, retaining a dozen strings, on the rebuild's busiest thread.
        for index in events.indices where events[index].position > observedPosition {
            detector.observe(Self.logged(events[index]))
            observedPosition = events[index].position
        }
    }

    /// Rebuild: replaces the findings of `schema` with the detector's, empties the queue of anchors (the
    /// detector has seen every event up to `position`) and advances the findings checkpoint.
    func writeAll(connection: Connection, schema: String, position: Int64) throws {
        try connection.executeScript("""
            DELETE FROM \(Self.table("findings", schema)); DELETE FROM \(Self.table("finding_dirty", schema))
            """)
        try Self.copy(detector.findings, connection: connection, schema: schema)
        try Self.advanceCheckpoint(connection: connection, schema: schema, position: position)
    }

    /// Rebuild: COPYs the groups and links of `events` (no queueing: the rebuild's detector sees everything).
    static func copyPartitions(of events: [ProjectionEvent], connection: Connection, schema: String) throws {
        _ = try copyPartitions(events, collectingChanges: false, connection: connection, schema: schema)
    }

    /// Worker, inside the batch's transaction: records the groups and links of `events`, and queues every
    /// anchor from which one of their groups is reachable by links (their own included).
    static func record(_ events: [ProjectionEvent], connection: Connection, schema: String) throws {
        let changed = try copyPartitions(events, collectingChanges: true, connection: connection, schema: schema)
        guard !changed.isEmpty else { return }
        let anchors = try reach(from: changed, by: .fromLinkTarget, connection: connection, schema: schema)
            .filter(FindingsDetector.isAnchor)
        try connection.query("""
            INSERT INTO \(table("finding_dirty", schema)) (anchor) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING
            """, [PostgresTextArray(anchors.sorted())])
    }

    /// Worker, once caught up: recomputes the findings of the queued anchors, 2,000 at a time,
    /// each from a fresh detector fed the events of the groups reachable from them, and advances the
    /// findings checkpoint to `position`. Runs in the caller's transaction.
    static func refresh(connection: Connection, schema: String, position: Int64) throws {
        var after = ""
        while true {
            // Keyset paging: the rows deleted below stay in the index until the transaction ends, and
            // `anchor > $1` seeks past them instead of scanning them again.
            let anchors = try connection.query(
                "SELECT anchor FROM \(table("finding_dirty", schema)) WHERE anchor > $1 ORDER BY anchor LIMIT $2",
                [after, anchorsPerRefresh]
            ).rows.map { row throws(PostgresError) in try row.string("anchor")! }
            guard let last = anchors.last else { break }
            after = last
            let wanted = Set(anchors)
            let groups = try reach(from: wanted, by: .toLinkTarget, connection: connection, schema: schema)
            let positions = try connection.query("""
                SELECT position FROM \(table("finding_groups", schema)) WHERE group_key = ANY($1::text[]) ORDER BY position
                """, [PostgresTextArray(groups.sorted())])
            var detector = FindingsDetector()
            var start = 0
            while start < positions.rowCount {
                let end = min(start + 2_000, positions.rowCount)
                let chunk = try (start..<end).map { row throws(PostgresError) in String(try positions.int64(row, 0)!) }
                for event in try ProjectionLog.read(connection, positions: chunk) { detector.observe(logged(event)) }
                start = end
            }
            let findings = detector.findings.filter { wanted.contains(FindingsDetector.anchor(of: $0)) }
            try connection.query(
                "DELETE FROM \(table("findings", schema)) WHERE anchor = ANY($1::text[])", [PostgresTextArray(anchors)])
            try connection.query(
                "DELETE FROM \(table("finding_dirty", schema)) WHERE anchor = ANY($1::text[])", [PostgresTextArray(anchors)])
            try copy(findings, connection: connection, schema: schema)
        }
        try advanceCheckpoint(connection: connection, schema: schema, position: position)
    }

    enum Direction {
        /// From a group to the anchors (and pairs) that link to it.
        case fromLinkTarget
        /// From an anchor (or pair) to the groups it links to.
        case toLinkTarget
    }

    /// `keys` and every key reachable from them by links in `direction`. The link graph is shallow (a
    /// commencement links to a pair, which links to contracts), so this is two or three indexed queries.
    private static func reach(from keys: Set<String>, by direction: Direction, connection: Connection, schema: String) throws -> Set<String> {
        let (known, wanted) = direction == .toLinkTarget ? ("from_key", "to_key") : ("to_key", "from_key")
        // Only keys a link can start (or end) at need looking up.
        let mayHaveLinks = direction == .toLinkTarget ? FindingsDetector.mayLinkFrom : FindingsDetector.mayLinkTo
        var reached = keys
        var frontier = keys.filter(mayHaveLinks)
        while !frontier.isEmpty {
            let next = try connection.query("""
                SELECT DISTINCT \(wanted) FROM \(table("finding_links", schema)) WHERE \(known) = ANY($1::text[])
                """, [PostgresTextArray(frontier.sorted())])
            frontier = []
            for row in 0..<next.rowCount {
                if let key = next.string(row, 0), reached.insert(key).inserted, mayHaveLinks(key) { frontier.insert(key) }
            }
        }
        return reached
    }

    /// COPYs the groups and links of `events`; returns the groups and link sources they touched, if asked.
    private static func copyPartitions(
        _ events: [ProjectionEvent], collectingChanges: Bool, connection: Connection, schema: String
    ) throws -> Set<String> {
        var groups = CopyData()
        var links = CopyData()
        var changed = Set<String>()
        for index in events.indices {
            let partition = FindingsDetector.partition(
                type: events[index].type, stream: events[index].stream, id: events[index].id, data: .object(events[index].data))
            guard !partition.groups.isEmpty || !partition.links.isEmpty else { continue }
            let position = String(events[index].position)
            // Value by value: a row array for each would be one more allocation for each of the
            // million-odd rows of a rebuild.
            for group in partition.groups {
                groups.append(group)
                groups.append(position)
                groups.endRow()
                if collectingChanges { changed.insert(group) }
            }
            for link in partition.links {
                links.append(link.from)
                links.append(link.to)
                links.endRow()
                if collectingChanges { changed.insert(link.from) }
            }
        }
        if !groups.isEmpty { try connection.copyIn("COPY \(table("finding_groups", schema)) (group_key, position) FROM STDIN", groups) }
        if !links.isEmpty { try connection.copyIn("COPY \(table("finding_links", schema)) (from_key, to_key) FROM STDIN", links) }
        return changed
    }

    private static func copy(_ findings: [Finding], connection: Connection, schema: String) throws {
        guard !findings.isEmpty else { return }
        let rows: [[String?]] = findings.map { finding in
            let positions = finding.events.map(\.position)
            let events = JSON.array(finding.events.map { event in
                .object([
                    "position": JSON(event.position), "id": .string(event.eventId.lowercasedText),
                    "stream": .string(event.stream), "type": .string(event.type),
                ])
            })
            return [finding.rule.id, finding.summary, events.canonicalString,
                    String(positions.min() ?? 0), String(positions.max() ?? 0), FindingsDetector.anchor(of: finding)]
        }
        try connection.copyIn(
            "COPY \(table("findings", schema)) (rule, summary, events, first_position, last_position, anchor) FROM STDIN", rows: rows)
    }

    private static func advanceCheckpoint(connection: Connection, schema: String, position: Int64) throws {
        try connection.query("""
            UPDATE \(table("checkpoints", schema)) SET position = $1, updated_at = clock_timestamp() WHERE name = $2
            """, [position, Projector.findingsCheckpointName])
    }

    private static func table(_ name: String, _ schema: String) -> String {
        ProjectionSchema.quote(schema) + "." + ProjectionSchema.quote(name)
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

public import Foundation
public import PostgresClient

/// Where each projection stands against the log.
public struct ProjectionStatus: Sendable {
    public var name: String
    public var checkpoint: Int64
    public var head: Int64
    public var eventsBehind: Int64 { max(0, head - checkpoint) }
    /// How long ago the oldest event not yet projected (the one after the checkpoint) was recorded, against
    /// the server's clock now; 0 when caught up. It grows while a worker is stopped or stuck, even when
    /// nothing more is appended.
    public var secondsBehind: Double
    public var updatedAt: Date?
    public var error: String?
    public var errorPosition: Int64?
    public var errorEventID: UUID?
    public var errorType: String?

    /// Every projection's status.
    public static func all(_ connection: Connection) throws -> [ProjectionStatus] {
        let result = try connection.query("""
            SELECT c.name, c.position, h.position AS head,
                   CASE WHEN c.position >= h.position THEN 0
                        ELSE greatest(0, extract(epoch FROM clock_timestamp() - (
                            SELECT recorded_at FROM docket.events WHERE position > c.position ORDER BY position LIMIT 1)))::float8
                   END AS behind,
                   c.updated_at, c.error, c.error_position, c.error_event_id, c.error_type
            FROM projection.checkpoints c CROSS JOIN docket.log_head h ORDER BY c.name
            """)
        return try result.rows.map { row throws(PostgresError) in
            ProjectionStatus(
                name: try row.string("name")!, checkpoint: try row.int64("position")!, head: try row.int64("head")!,
                secondsBehind: try row.double("behind") ?? 0, updatedAt: try row.date("updated_at"),
                error: try row.string("error"), errorPosition: try row.int64("error_position"),
                errorEventID: try row.uuid("error_event_id"), errorType: try row.string("error_type"))
        }
    }
}

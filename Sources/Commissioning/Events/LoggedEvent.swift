public import DocketJSON
public import Foundation

/// An event as the store gives it back: with its place in the log and in its stream.
public struct LoggedEvent: Sendable {
    /// Position in the global log, strictly increasing.
    public var position: Int64
    public var stream: String
    /// Version within the stream, counting from 1.
    public var version: Int64
    public var id: UUID
    /// The event type's name, e.g. "DecisionTaken". A string, since the log may hold types this
    /// build does not know.
    public var type: String
    public var schemaVersion: Int
    public var data: JSON
    public var restricted: [String: JSON]?
    public var metadata: EventMetadata
    /// When it happened in the world.
    public var occurredAt: Date
    /// When the ledger learned of it.
    public var recordedAt: Date

    public init(
        position: Int64, stream: String, version: Int64, id: UUID, type: String, schemaVersion: Int,
        data: JSON, restricted: [String: JSON]? = nil, metadata: EventMetadata, occurredAt: Date, recordedAt: Date
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.restricted = restricted
        self.metadata = metadata
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
    }
}

public import DocketJSON
public import Foundation

/// An event a command wants appended: what the store needs to write it, and the expectation it must meet.
public struct ProposedEvent: Sendable {
    public var stream: String
    public var type: EventType
    public var schemaVersion: Int
    /// Deterministic; see ``EventID``.
    public var id: UUID
    /// The public payload. Personal fields are never here.
    public var data: JSON
    /// Personal or restricted fields taken out of `data` (a respondent's name). The store keeps them
    /// apart and commits to a salted hash of them, so a public export can leave them out.
    public var restricted: [String: JSON]?
    public var metadata: EventMetadata
    /// Business time: when it happened in the world.
    public var occurredAt: Date
    public var expectation: StreamExpectation

    public init(
        stream: String, type: EventType, schemaVersion: Int, id: UUID, data: JSON,
        restricted: [String: JSON]?, metadata: EventMetadata, occurredAt: Date, expectation: StreamExpectation
    ) {
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.id = id
        self.data = data
        self.restricted = restricted
        self.metadata = metadata
        self.occurredAt = occurredAt
        self.expectation = expectation
    }

    /// The event as the store will give it back, once it has a position and a recording time.
    /// `version` follows from the expectation: one past the expected version, or 1 for a new stream.
    public func logged(position: Int64, version: Int64, recordedAt: Date) -> LoggedEvent {
        LoggedEvent(
            position: position, stream: stream, version: version, id: id, type: type.rawValue,
            schemaVersion: schemaVersion, data: data, restricted: restricted, metadata: metadata,
            occurredAt: occurredAt, recordedAt: recordedAt
        )
    }
}

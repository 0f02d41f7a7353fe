public import DocketJSON
public import Foundation

/// What a writer expects of a stream before its event is appended (optimistic concurrency).
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// No check.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must already have at least one event.
    case streamExists
    /// The stream must be at exactly this version.
    case exact(Int64)

    /// Parses `any`, `noStream`, `streamExists` or a version number (as JSON Lines input spells them).
    public init?(word: String) {
        switch word {
        case "any": self = .any
        case "noStream": self = .noStream
        case "streamExists": self = .streamExists
        default:
            guard let version = Int64(word), version >= 0 else { return nil }
            self = .exact(version)
        }
    }

    /// The spelling `docket.append()` takes.
    var sqlWord: String {
        switch self {
        case .any: "any"
        case .noStream: "no_stream"
        case .streamExists: "stream_exists"
        case .exact(let version): String(version)
        }
    }

    init?(sqlWord: String) {
        switch sqlWord {
        case "any": self = .any
        case "no_stream": self = .noStream
        case "stream_exists": self = .streamExists
        default:
            guard let version = Int64(sqlWord) else { return nil }
            self = .exact(version)
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "noStream"
        case .streamExists: "streamExists"
        case .exact(let version): String(version)
        }
    }
}

/// Who acted and why: the metadata that are real columns of the log.
public struct EventContext: Sendable, Hashable {
    public var actor: String?
    /// The authority or role the actor acted under.
    public var authority: String?
    public var reason: String?
    public var correlationID: UUID?
    public var causationID: UUID?

    public init(
        actor: String? = nil, authority: String? = nil, reason: String? = nil,
        correlationID: UUID? = nil, causationID: UUID? = nil
    ) {
        self.actor = actor
        self.authority = authority
        self.reason = reason
        self.correlationID = correlationID
        self.causationID = causationID
    }
}

/// An event to append.
public struct NewEvent: Sendable, Hashable {
    public var id: UUID
    public var stream: String
    public var type: String
    public var schemaVersion: Int
    /// The public payload: a JSON object.
    public var data: [String: JSON]
    /// Restricted (personal) payload fields, kept apart from the log; the ledger commits to their salted hash.
    public var restricted: [String: JSON]?
    /// Further metadata: a JSON object.
    public var metadata: [String: JSON]
    public var context: EventContext
    /// Business time, given by the caller; nil means "when it is recorded".
    public var occurredAt: Date?
    public var expectedVersion: ExpectedVersion

    public init(
        id: UUID = UUID(), stream: String, type: String, schemaVersion: Int = 1, data: [String: JSON],
        restricted: [String: JSON]? = nil, metadata: [String: JSON] = [:], context: EventContext = EventContext(),
        occurredAt: Date? = nil, expectedVersion: ExpectedVersion = .any
    ) {
        self.id = id
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.restricted = restricted
        self.metadata = metadata
        self.context = context
        self.occurredAt = occurredAt
        self.expectedVersion = expectedVersion
    }
}

/// Where an appended event landed.
public struct AppendedEvent: Sendable, Hashable {
    public var id: UUID
    public var position: Int64
    public var stream: String
    public var version: Int64
    /// True when the event was already in the log with the same content (an idempotent retry).
    public var isDuplicate: Bool
}

/// An event as the log holds it.
public struct RecordedEvent: Sendable, Hashable {
    public var position: Int64
    public var stream: String
    public var version: Int64
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    public var data: [String: JSON]
    public var metadata: [String: JSON]
    public var context: EventContext
    public var occurredAt: Date
    public var recordedAt: Date
}

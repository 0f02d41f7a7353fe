public import Foundation
public import PostgresClient

/// An error from the event store, with what the user needs to act on it.
public struct EventStoreError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A stream was not at the expected version.
        public static let versionConflict = Kind("versionConflict")
        /// An event id is already in the log with different content.
        public static let duplicateEventID = Kind("duplicateEventID")
        /// An event or batch is malformed or over a limit.
        public static let invalidInput = Kind("invalidInput")
        /// An event in a stream the domain owns is not one the domain can apply (sql/0003_domain_rules.sql).
        public static let domainRefused = Kind("domainRefused")
        /// Someone tried to change or remove logged events.
        public static let appendOnly = Kind("appendOnly")
        /// The database failed or could not be reached.
        public static let database = Kind("database")
    }

    public var kind: Kind
    public var message: String
    /// For a version conflict: the stream, what was expected, and the version it was actually at.
    public var stream: String?
    public var expected: ExpectedVersion?
    public var actualVersion: Int64?
    /// The event's index in its batch (0-based), when the error concerns one event.
    public var index: Int?
    public var eventID: UUID?
    public var underlying: PostgresError?

    public init(kind: Kind, message: String, underlying: PostgresError? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    /// Maps a server error to its meaning, once: the appending functions' SQLSTATEs and the append-only triggers.
    init(_ error: PostgresError, batch: [NewEvent]) {
        let detail = error.detail.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let index = (detail?["index"] as? Int).map { $0 - 1 }
        switch error.sqlState {
        case "DK002":
            let stream = detail?["stream"] as? String ?? "?"
            let expected = (detail?["expected"] as? String).flatMap(ExpectedVersion.init(sqlWord:))
            let actual = (detail?["actual"] as? NSNumber)?.int64Value
            self.init(kind: .versionConflict, message: """
                version conflict on stream \(stream): expected \(expected?.description ?? "?"), \
                but it is at version \(actual.map(String.init) ?? "?")\(index.map { " (event \($0 + 1) of the batch)" } ?? ""); \
                read the stream again and decide whether the change still applies
                """, underlying: error)
            self.stream = stream
            self.expected = expected
            self.actualVersion = actual
        case "DK001":
            let id = (detail?["id"] as? String).flatMap(UUID.init(uuidString:))
            let position = detail?["position"] as? Int
            self.init(kind: .duplicateEventID, message: """
                event id \(id?.uuidString.lowercased() ?? "?") is already in the log at position \(position.map(String.init) ?? "?") \
                with different content; a new event needs a new id, and a retry must repeat the same content
                """, underlying: error)
            self.eventID = id
        case "DK003":
            self.init(kind: .invalidInput, message: "the batch was refused: \(error.message)", underlying: error)
        case "DK004":
            let stream = detail?["stream"] as? String ?? "?"
            let type = detail?["type"] as? String ?? "?"
            let field = detail?["field"] as? String ?? "?"
            let reason = detail?["message"] as? String ?? error.message
            self.init(kind: .domainRefused, message: """
                \(type) in stream \(stream) is not an event the domain can apply: \(field): \(reason)\(index.map { " (event \($0 + 1) of the batch)" } ?? ""); \
                docs/domain-events.md lists each stream kind's events and fields, and docket record writes them for you
                """, underlying: error)
            self.stream = stream
        case "DK010":
            self.init(kind: .appendOnly, message: error.message, underlying: error)
        default:
            self.init(kind: .database, message: error.description, underlying: error)
        }
        self.index = index
        if let index, batch.indices.contains(index), eventID == nil { eventID = batch[index].id }
    }
}

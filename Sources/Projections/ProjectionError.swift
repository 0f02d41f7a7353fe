public import Foundation

/// Why a projection stopped: an event it cannot apply (named by position, id and type), a checkpoint
/// another process moved, or a database failure.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// An event the projection cannot fold (unknown type, malformed payload, no creating event).
        public static let unappliable = Kind("unappliable")
        /// The checkpoint was not where this batch started: another process advanced or swapped it.
        public static let checkpointMoved = Kind("checkpointMoved")
        /// Another process holds the lock this operation needs.
        public static let locked = Kind("locked")
        /// A database error.
        public static let database = Kind("database")
        /// The connection to the server was lost and not regained (the worker's `once` mode, or past its reconnection deadline).
        public static let connectionLost = Kind("connectionLost")
    }

    public var kind: Kind
    public var reason: String
    public var position: Int64?
    public var eventID: UUID?
    public var eventType: String?
    public var stream: String?
    public var underlying: (any Error)?

    public init(
        _ kind: Kind, _ reason: String, position: Int64? = nil, eventID: UUID? = nil, eventType: String? = nil,
        stream: String? = nil, underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.reason = reason
        self.position = position
        self.eventID = eventID
        self.eventType = eventType
        self.stream = stream
        self.underlying = underlying
    }

    static func unappliable(_ event: ProjectionEvent, _ reason: String) -> ProjectionError {
        ProjectionError(.unappliable, reason, position: event.position, eventID: event.id, eventType: event.type, stream: event.stream)
    }

    static func database(_ error: any Error) -> ProjectionError {
        if let error = error as? ProjectionError { return error }
        return ProjectionError(.database, "\(error)", underlying: error)
    }

    public var description: String {
        guard let position, let eventID, let eventType else { return reason }
        return "cannot project the event at position \(position) (id \(eventID.uuidString.lowercased()), type \(eventType)"
            + (stream.map { ", stream \($0)" } ?? "") + "): \(reason). The projection stops here. If the event is wrong, "
            + "retract it — docket record with {\"command\": \"retract-event\", \"stream\": \"\(stream ?? "…")\", "
            + "\"event\": \"\(eventID.uuidString.lowercased())\", \"occurredAt\": …, \"actor\": …, \"authority\": …, "
            + "\"reason\": …} — and the projection passes over it; if this docket is older than the ledger, use a newer one. "
            + "Then run docket worker (or docket projections rebuild) again"
    }
}

public import Foundation

/// One breach of a governance rule, with the events that show it.
public struct Finding: Sendable, Hashable, CustomStringConvertible {
    /// An event involved in a finding, located in the log.
    public struct EventReference: Sendable, Hashable, CustomStringConvertible {
        public var position: Int64
        public var eventId: UUID
        public var stream: String
        public var type: String

        public init(position: Int64, eventId: UUID, stream: String, type: String) {
            self.position = position
            self.eventId = eventId
            self.stream = stream
            self.type = type
        }

        public var description: String { "#\(position) \(type) in \(stream)" }
    }

    public var rule: FindingRule
    /// What happened, in one sentence with ids, dates and amounts.
    public var summary: String
    /// The events involved, in log order.
    public var events: [EventReference]

    public init(rule: FindingRule, summary: String, events: [EventReference]) {
        self.rule = rule
        self.summary = summary
        self.events = events
    }

    public var description: String { "[\(rule.id)] \(summary)" }
}

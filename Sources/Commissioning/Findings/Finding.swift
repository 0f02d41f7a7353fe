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

    /// Something a finding is about: a member, a decision, an organisation, … Members carry the body
    /// and day of the decision, so they can be named with their role on it.
    public struct Subject: Sendable, Hashable {
        public var kind: StreamKind
        public var slug: String
        public var body: String?
        public var day: Day?

        public init(_ kind: StreamKind, _ slug: String, body: String? = nil, day: Day? = nil) {
            self.kind = kind
            self.slug = slug
            self.body = body
            self.day = day
        }
    }

    public var rule: FindingRule
    /// What happened, in one sentence with ids, dates and amounts.
    public var summary: String
    /// The events involved, in log order.
    public var events: [EventReference]
    /// The summary with `{0}`, `{1}`, … where the subjects go.
    public var template: String
    public var subjects: [Subject]

    public init(rule: FindingRule, summary: String, events: [EventReference]) {
        self.init(rule: rule, template: summary, subjects: [], events: events)
    }

    /// A finding whose summary is `template` with each subject's id, quoted, in its place.
    public init(rule: FindingRule, template: String, subjects: [Subject], events: [EventReference]) {
        self.rule = rule
        self.template = template
        self.subjects = subjects
        self.events = events
        self.summary = Self.fill(template, subjects.map { "'\($0.slug)'" })
    }

    /// `template` with `{n}` replaced by `values[n]`.
    static func fill(_ template: String, _ values: [String]) -> String {
        var result = template
        for (index, value) in values.enumerated().reversed() {
            result = result.replacingOccurrences(of: "{\(index)}", with: value)
        }
        return result
    }

    public var description: String { "[\(rule.id)] \(summary)" }
}

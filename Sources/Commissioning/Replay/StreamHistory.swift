import Foundation
internal import DocketJSON

/// One stream's history for a person: each event with who acted, under which authority, both times,
/// and what it changed in the aggregate's state (old → new), with references named through a
/// ``Directory``. Pure: `docket replay` loads the events and the directory, then renders this.
///
/// The state after each event is folded from the stream's events so far with corrections applied and
/// retracted events left out, so a correction shows as its field changing and a retraction as what it
/// withdrew.
public struct StreamHistory: Sendable {
    /// One line of state, or its change: `old` nil when added, `new` nil when withdrawn.
    public struct Change: Sendable, Equatable {
        public var key: String
        public var old: String?
        public var new: String?
    }

    /// What a correction or retraction amends.
    public struct Amendment: Sendable {
        public var isRetraction: Bool
        /// The event named, when it is in this stream.
        public var target: LoggedEvent?
        /// A correction's fields, old → new.
        public var fields: [Change]
        public var reason: String?
        public var authority: String?
    }

    public struct Step: Sendable {
        public var event: LoggedEvent
        public var changes: [Change]
        public var amendment: Amendment?
        /// The whole state after the event.
        public var state: [(key: String, value: String)]
    }

    public let stream: String
    public let steps: [Step]

    /// The history of `events`, one stream's events in version order.
    public init(stream: String, events: [LoggedEvent], directory: Directory) {
        self.stream = stream
        var steps: [Step] = []
        var previous = ReplayLines()
        for index in events.indices {
            let state = Self.fold(Array(events[...index]), stream: stream, directory: directory)
            let event = events[index]
            var step = Step(event: event, changes: state.changes(since: previous), amendment: nil, state: state.lines)
            if event.type == EventType.eventCorrected.rawValue || event.type == EventType.eventRetracted.rawValue {
                step.amendment = Self.amendment(event, in: Array(events[..<index]))
            }
            steps.append(step)
            previous = state
        }
        self.steps = steps
    }

    static func amendment(_ event: LoggedEvent, in earlier: [LoggedEvent]) -> Amendment {
        let isRetraction = event.type == EventType.eventRetracted.rawValue
        let id = event.data["event"]?.stringValue.flatMap(UUID.init(uuidString:))
        var amendment = Amendment(
            isRetraction: isRetraction, target: earlier.first { $0.id == id }, fields: [],
            reason: event.data["reason"]?.stringValue ?? event.metadata.reason,
            authority: event.data["authority"]?.stringValue ?? event.metadata.authority
        )
        guard !isRetraction, let target = amendment.target else { return amendment }
        // The value before this correction: the target's, as earlier corrections left it.
        var current = target.data.objectValue ?? [:]
        for earlierCorrection in earlier where earlierCorrection.type == EventType.eventCorrected.rawValue
            && earlierCorrection.data["event"]?.stringValue.flatMap(UUID.init(uuidString:)) == target.id {
            for (field, value) in earlierCorrection.data["changes"]?.objectValue ?? [:] { current[field] = value }
        }
        for (field, value) in (event.data["changes"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            amendment.fields.append(Change(
                key: Readable.fieldLabel(field), old: current[field].map(Readable.plain) ?? "(not given)", new: Readable.plain(value)
            ))
        }
        return amendment
    }

    /// The stream's events with corrections patched in and retracted ones left out, folded into lines.
    static func fold(_ events: [LoggedEvent], stream: String, directory: Directory) -> ReplayLines {
        var retracted = Set<UUID>()
        var patches: [UUID: [String: JSON]] = [:]
        for event in events {
            guard let target = event.data["event"]?.stringValue.flatMap(UUID.init(uuidString:)) else { continue }
            if event.type == EventType.eventRetracted.rawValue {
                retracted.insert(target)
            } else if event.type == EventType.eventCorrected.rawValue {
                for (field, value) in event.data["changes"]?.objectValue ?? [:] { patches[target, default: [:]][field] = value }
            }
        }
        var fields = ReplayLines()
        var fold = StateFold(directory: directory, fields: fields)
        for var event in events where event.type != EventType.eventCorrected.rawValue && event.type != EventType.eventRetracted.rawValue {
            if retracted.contains(event.id) {
                if EventType(rawValue: event.type)?.createsAggregate == true {
                    fold.fields.set("Retracted", "yes: the event that created it was withdrawn")
                }
                continue
            }
            if let patch = patches[event.id], var data = event.data.objectValue {
                for (field, value) in patch { data[field] = value }
                event.data = .object(data)
            }
            fold.apply(event)
        }
        fields = fold.fields
        return fields
    }
}

/// The state's lines in the order they were first set.
struct ReplayLines: Sendable {
    private(set) var keys: [String] = []
    private var values: [String: String] = [:]

    subscript(key: String) -> String? { values[key] }

    mutating func set(_ key: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        if values[key] == nil { keys.append(key) }
        values[key] = value
    }

    mutating func remove(_ key: String) {
        guard values.removeValue(forKey: key) != nil else { return }
        keys.removeAll { $0 == key }
    }

    mutating func removeAll(prefix: String) {
        for key in keys where key.hasPrefix(prefix) { values[key] = nil }
        keys.removeAll { $0.hasPrefix(prefix) }
    }

    /// A key not yet used: `key`, else `key (2)`, `key (3)`, …
    func fresh(_ key: String) -> String {
        guard values[key] != nil else { return key }
        var n = 2
        while values["\(key) (\(n))"] != nil { n += 1 }
        return "\(key) (\(n))"
    }

    var lines: [(key: String, value: String)] { keys.map { ($0, values[$0]!) } }

    func changes(since old: ReplayLines) -> [StreamHistory.Change] {
        var result: [StreamHistory.Change] = []
        for key in keys where old[key] != values[key] {
            result.append(.init(key: key, old: old[key], new: values[key]))
        }
        for key in old.keys where values[key] == nil {
            result.append(.init(key: key, old: old[key], new: nil))
        }
        return result
    }
}

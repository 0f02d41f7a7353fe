import Foundation
internal import DocketJSON

/// What `correct-event` and `retract-event` share: the event named, in its stream.
struct EventReference: Sendable {
    let stream: StreamRef
    let event: UUID

    init(reading fields: inout FieldReader) {
        let streamName = fields.text("stream")
        let parsed = StreamKind.parse(stream: streamName)
        if parsed == nil, !streamName.isEmpty {
            let kinds = StreamKind.allCases.map(\.rawValue).joined(separator: ", ")
            fields.fail("stream", "'\(streamName.prefix(80))' is not a stream name: expected <kind>-<id> with kind one of \(kinds)")
        }
        stream = parsed.map { StreamRef($0.kind, $0.slug) } ?? StreamRef(.organisation, "")
        let eventText = fields.text("event")
        let id = UUID(uuidString: eventText)
        if id == nil, !eventText.isEmpty {
            fields.fail("event", "expected an event id (UUID), found '\(eventText.prefix(80))'")
        }
        event = id ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    }

    /// The named event's type, when it is in the stream, stands, and is not itself a correction.
    func check(_ state: CommissioningState, verb: String, _ issues: inout [CommandError.Issue]) -> EventType? {
        guard state.version(of: stream) > 0 else {
            issues.add("stream", "stream '\(stream.name)' has no events")
            return nil
        }
        let idText = event.uuidString.lowercased()
        guard let indexed = state.entry(event, in: stream) else {
            issues.add("event", "event \(idText) is not in stream '\(stream.name)'")
            return nil
        }
        if indexed.isRetracted {
            issues.add("event", "event \(idText) was already retracted")
            return nil
        }
        if indexed.type == .eventRetracted {
            issues.add("event", "event \(idText) is a retraction, which cannot be \(verb); record the event again instead")
            return nil
        }
        if indexed.type == .eventCorrected, verb == "corrected" {
            issues.add("event", "event \(idText) is a correction; correct the original event instead")
            return nil
        }
        return indexed.type
    }
}

/// `correct-event`: amends descriptive fields of an earlier event, naming it, with a reason and an authority.
struct CorrectEvent: CommandAction {
    static let descriptor = CommandDescriptor(
        "correct-event",
        "Correct descriptive fields of an earlier event (names, summaries, text). References, dates and amounts are not correctable: retract the event and record the right one. occurredAt is the day of the correction.",
        stream: nil, produces: [.eventCorrected], requires: ["reason", "authority"],
        fields: [
            Fields.stream,
            Fields.event.described("The id of the event corrected."),
            Fields.changes,
        ]
    )

    let reference: EventReference
    let changes: [String: JSON]

    init(reading fields: inout FieldReader) {
        reference = EventReference(reading: &fields)
        changes = fields.object("changes")
        if fields.has("changes"), changes.isEmpty, fields.issues.allSatisfy({ $0.field != "changes" }) {
            fields.fail("changes", "must correct at least one field")
        }
    }

    var target: StreamRef { reference.stream }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        let type = reference.check(state, verb: "corrected", &issues)
        var publicChanges: [String: JSON] = [:]
        var personalChanges: [String: JSON] = [:]
        if let type, let descriptor = Catalogue.eventDescriptor(type) {
            for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
                let field = "changes.\(name)"
                guard let described = descriptor.field(named: name) else {
                    issues.add(field, "\(type.rawValue) has no field '\(name)'")
                    continue
                }
                guard described.isCorrectable else {
                    issues.add(field, "'\(name)' is not correctable; retract the event and record the right one")
                    continue
                }
                if let problem = described.type.problem(with: value) {
                    issues.add(field, problem)
                    continue
                }
                if described.isPersonal {
                    personalChanges[name] = value
                } else {
                    publicChanges[name] = value
                }
            }
        }
        return Payload(
            type: .eventCorrected,
            data: [
                "event": .string(reference.event.uuidString.lowercased()),
                "eventType": .string(type?.rawValue ?? ""),
                "changes": .object(publicChanges),
                "reason": .string(envelope.metadata.reason ?? ""),
                "authority": .string(envelope.metadata.authority ?? ""),
            ],
            restricted: personalChanges.isEmpty ? nil : ["changes": .object(personalChanges)]
        )
    }
}

/// `retract-event`: withdraws an earlier event, naming it, with a reason and an authority.
struct RetractEvent: CommandAction {
    static let descriptor = CommandDescriptor(
        "retract-event",
        "Retract an earlier event: state and findings then ignore it. Retracting the event that created an aggregate retracts the aggregate. occurredAt is the day of the retraction.",
        stream: nil, produces: [.eventRetracted], requires: ["reason", "authority"],
        fields: [Fields.stream, Fields.event.described("The id of the event retracted.")]
    )

    let reference: EventReference

    init(reading fields: inout FieldReader) {
        reference = EventReference(reading: &fields)
    }

    var target: StreamRef { reference.stream }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        let type = reference.check(state, verb: "retracted", &issues)
        return Payload(type: .eventRetracted, data: [
            "event": .string(reference.event.uuidString.lowercased()),
            "eventType": .string(type?.rawValue ?? ""),
            "reason": .string(envelope.metadata.reason ?? ""),
            "authority": .string(envelope.metadata.authority ?? ""),
        ])
    }
}

extension FieldType {
    /// Why `value` does not fit this type, or nil when it does. Used for corrected values.
    func problem(with value: JSON) -> String? {
        switch self {
        case .text:
            guard let text = value.stringValue else { return "expected a string, found \(value.kindDescription)" }
            return text.isEmpty ? "must not be empty" : nil
        case .integer:
            return value.int64Value == nil ? "expected a whole number, found \(value.kindDescription)" : nil
        case .number:
            return value.doubleValue == nil ? "expected a number, found \(value.kindDescription)" : nil
        case .boolean:
            return value.boolValue == nil ? "expected true or false, found \(value.kindDescription)" : nil
        case .list(let element):
            guard let items = value.arrayValue else { return "expected an array, found \(value.kindDescription)" }
            for (index, item) in items.enumerated() {
                if let problem = element.problem(with: item) { return "[\(index)]: \(problem)" }
            }
            return nil
        default:
            return "this field cannot be corrected"
        }
    }
}

public import DocketJSON

/// A decoded, structurally valid command, ready to be checked against the ledger and turned into events.
///
/// The caller's loop (see `docket record`):
/// 1. `Command.decode(json)` for each JSON Lines object;
/// 2. make sure every stream in `streamsRead` is loaded into the `CommissioningState`;
/// 3. `handle(in:context:)`, which validates, returns the events to append and applies them to the
///    state, so later commands in the batch see them.
public struct Command: Sendable {
    public let envelope: CommandEnvelope
    let action: any CommandAction

    public var name: String { envelope.name }

    /// The command's description in the catalogue.
    public var descriptor: CommandDescriptor { type(of: action).descriptor }

    /// How many events `handle` appends when the command is valid.
    public var eventCount: Int { descriptor.eventCount }

    /// The stream the command appends to.
    public var targetStream: String { action.target.name }

    /// Every stream whose state the command needs, the target first. Load them before `handle`.
    public var streamsRead: [String] {
        let target = action.target
        let references = action.references
        var names = [target.name]
        names.reserveCapacity(references.count + 1)
        for reference in references where reference != target {
            let name = reference.name
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Decodes one command object, reporting every malformed field at once.
    public static func decode(_ json: JSON) throws(CommandError) -> Command {
        guard let members = json.objectValue else {
            throw CommandError(
                kind: .malformed, command: nil,
                issues: [.init(field: "", message: "expected a command object, found \(json.kindDescription)")]
            )
        }
        guard let nameValue = members["command"] else {
            throw CommandError(
                kind: .malformed, command: nil,
                issues: [.init(field: "command", message: "required: the command's name, e.g. \"take-decision\"")]
            )
        }
        guard let name = nameValue.stringValue else {
            throw CommandError(
                kind: .malformed, command: nil,
                issues: [.init(field: "command", message: "expected a string, found \(nameValue.kindDescription)")]
            )
        }
        guard let actionType = Catalogue.actionTypes[name] else {
            throw CommandError(
                kind: .malformed, command: nil,
                issues: [.init(field: "command", message: "unknown command '\(name.prefix(60))'; `docket record --help` lists them")]
            )
        }
        let descriptor = actionType.descriptor
        var reader = FieldReader(members, allowed: Catalogue.allowedFields(for: descriptor))
        _ = reader.value("command")
        let envelope = readEnvelope(&reader, name: name, descriptor: descriptor)
        let action = actionType.init(reading: &reader)
        reader.finish()
        guard reader.issues.isEmpty else {
            throw CommandError(kind: .malformed, command: name, issues: reader.issues)
        }
        return Command(envelope: envelope, action: action)
    }

    private static func readEnvelope(
        _ reader: inout FieldReader, name: String, descriptor: CommandDescriptor
    ) -> CommandEnvelope {
        let id = reader.optionalText("id")
        if let id, id.utf8.count > 200 { reader.fail("id", "must be at most 200 bytes") }
        let occurredAt = reader.time("occurredAt")
        let actor = reader.text("actor")
        var authority = reader.optionalText("authority")
        var reason = reader.optionalText("reason")
        for required in descriptor.requiredEnvelopeFields {
            switch required {
            case "authority" where authority == nil:
                reader.fail("authority", "required for \(name): name the role or instrument that authorised it")
                authority = ""
            case "reason" where reason == nil:
                reader.fail("reason", "required for \(name)")
                reason = ""
            default:
                break
            }
        }
        let correlationId = reader.optionalText("correlationId")
        let source = reader.optionalText("source")
        let metadata = EventMetadata(
            actor: actor, authority: authority, reason: reason, correlationId: correlationId, causationId: id, source: source
        )
        return CommandEnvelope(name: name, id: id, occurredAt: occurredAt, metadata: metadata)
    }

    /// Checks the command against the current state, and returns the events to append, with the
    /// expectations that make concurrent writers conflict. The events are applied to `state`; when
    /// the command is rejected, `state` is unchanged.
    public func handle(in state: inout CommissioningState, context: CommandContext) throws(CommandError) -> [ProposedEvent] {
        let target = action.target
        let targetName = target.name
        if !state.everyStreamLoaded {
            let unloaded = streamsRead.filter { !state.isLoaded($0) }
            if !unloaded.isEmpty {
                throw CommandError(
                    kind: .streamNotLoaded, command: name,
                    issues: unloaded.map { .init(field: "", message: "stream '\($0)' was not loaded before handling") }
                )
            }
        }
        var issues: [CommandError.Issue] = []
        if let commandID = envelope.id, state.commandIDs.contains(commandID) {
            issues.add("id", "a command with id '\(commandID)' was already recorded")
        }
        let payload = action.event(in: state, envelope: envelope, issues: &issues)
        guard issues.isEmpty else {
            throw CommandError(kind: .rejected, command: name, issues: issues)
        }
        let id = envelope.id.map { EventID.derive(commandID: $0, eventIndex: 0) }
            ?? EventID.derive(namespace: context.namespace, commandIndex: context.index, eventIndex: 0)
        let data = JSON.object(payload.data)
        let version: Int64
        do {
            version = try state.apply(target, id: id, type: payload.type, day: envelope.day, data: data)
        } catch {
            throw CommandError(kind: .internalInconsistency, command: name, issues: [.init(field: "", message: error.description)])
        }
        if let commandID = envelope.id { state.commandIDs.insert(commandID) }
        let event = ProposedEvent(
            stream: targetName, type: payload.type, schemaVersion: payload.type.schemaVersion, id: id,
            data: data, restricted: payload.restricted, metadata: envelope.metadata,
            occurredAt: envelope.occurredAt.date, expectation: version == 1 ? .noStream : .exact(version - 1)
        )
        return [event]
    }
}

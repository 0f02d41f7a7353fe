public import DocketJSON
import Foundation

extension StreamHistory {
    /// The history as text for a person: a heading naming the aggregate, then each event with who
    /// acted, under which authority, both times and what changed; then what the directory adds
    /// (where an organisation's functions went, members' interests, a member's seats); with
    /// `showingState`, the whole state after the last event.
    public func text(directory: Directory, showingState: Bool = false) -> String {
        var out = heading(directory) + "\n"
        for step in steps {
            let event = step.event
            out += "\n#\(event.position) · \(Readable.eventTitle(event.type)) · occurred \(Readable.time(event.occurredAt))"
                + " · recorded \(Readable.time(event.recordedAt)) (v\(event.version))\n"
            out += "  by \(event.metadata.actor.isEmpty ? "(no actor recorded)" : event.metadata.actor)"
                + (event.metadata.authority.map { ", under \($0)" } ?? ", no authority recorded") + "\n"
            if let source = event.metadata.source { out += "  source: \(source)\n" }
            if let reason = event.metadata.reason, step.amendment == nil { out += "  reason: \(reason)\n" }
            if let amendment = step.amendment {
                out += amendmentText(amendment)
            }
            for change in step.changes {
                switch (change.old, change.new) {
                case (nil, let new?): out += "  + \(change.key): \(new)\n"
                case (let old?, let new?): out += "  ~ \(change.key): \(old) → \(new)\n"
                case (let old?, nil): out += "  - \(change.key): \(old) (withdrawn)\n"
                case (nil, nil): break
                }
            }
            if step.changes.isEmpty { out += "  (no change to the state)\n" }
        }
        out += context(directory)
        if showingState, let last = steps.last {
            out += "\nState after #\(last.event.position) (\(Readable.time(last.event.occurredAt))):\n"
            for line in last.state { out += "  \(line.key): \(line.value)\n" }
        }
        return out
    }

    /// One JSON object per step, for tools.
    public func json(directory: Directory) -> [JSON] {
        steps.map { step in
            let event = step.event
            var object: [String: JSON] = [
                "position": JSON(event.position), "version": JSON(event.version), "stream": .string(event.stream),
                "id": .string(event.id.uuidString.lowercased()), "type": .string(event.type),
                "title": .string(Readable.eventTitle(event.type)),
                "actor": .string(event.metadata.actor), "authority": event.metadata.authority.map(JSON.string) ?? .null,
                "reason": event.metadata.reason.map(JSON.string) ?? .null,
                "source": event.metadata.source.map(JSON.string) ?? .null,
                "occurred_at": .string(Self.iso(event.occurredAt)), "recorded_at": .string(Self.iso(event.recordedAt)),
                "changes": .array(step.changes.map(Self.json)),
                "state": .array(step.state.map { .object(["field": .string($0.key), "value": .string($0.value)]) }),
            ]
            if let amendment = step.amendment {
                object["amends"] = .object([
                    "kind": .string(amendment.isRetraction ? "retraction" : "correction"),
                    "position": amendment.target.map { JSON($0.position) } ?? .null,
                    "type": amendment.target.map { .string($0.type) } ?? .null,
                    "fields": .array(amendment.fields.map(Self.json)),
                    "reason": amendment.reason.map(JSON.string) ?? .null,
                    "authority": amendment.authority.map(JSON.string) ?? .null,
                ])
            }
            return .object(object)
        }
    }

    static func json(_ change: Change) -> JSON {
        .object(["field": .string(change.key), "old": change.old.map(JSON.string) ?? .null, "new": change.new.map(JSON.string) ?? .null])
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    func heading(_ directory: Directory) -> String {
        guard let (kind, slug) = StreamKind.parse(stream: stream) else { return "Replay of \(stream)" }
        var line = "Replay of \(stream): the \(kind.noun) \(directory.title(kind, slug))"
        if let commissioner = directory.commissioner(of: stream), kind != .organisation {
            line += ", commissioner \(directory.organisation(commissioner))"
        }
        if kind == .body, let organisation = directory.bodies[slug]?.organisation {
            line += ", a body of \(directory.organisation(organisation))"
        }
        return line
    }

    func amendmentText(_ amendment: Amendment) -> String {
        var out = ""
        let verb = amendment.isRetraction ? "retracts" : "corrects"
        if let target = amendment.target {
            out += "  \(verb) #\(target.position) \(Readable.eventTitle(target.type)) of \(Readable.time(target.occurredAt)), recorded by \(target.metadata.actor)\n"
        } else {
            out += "  \(verb) an event not in this stream: it amends nothing here\n"
        }
        for field in amendment.fields {
            out += "    \(field.key): “\(field.old ?? "")” → “\(field.new ?? "")”\n"
        }
        out += "  reason: \(amendment.reason ?? "none given"); authorised by \(amendment.authority ?? "no one recorded")\n"
        return out
    }

    /// What the directory knows beyond the stream itself.
    func context(_ directory: Directory) -> String {
        guard let (kind, slug) = StreamKind.parse(stream: stream) else { return "" }
        var out = ""
        switch kind {
        case .organisation:
            let lines = directory.successionLines(of: slug, indent: "  ")
            if !lines.isEmpty { out += "\nWhere its functions went:\n" + lines.map { $0 + "\n" }.joined() }
        case .body:
            let members = Set((directory.bodies[slug]?.memberships ?? []).map(\.member)).sorted()
            var lines: [String] = []
            for member in members {
                let interests = directory.interestLines(of: member)
                guard !interests.isEmpty else { continue }
                lines.append("  \(directory.member(member)):")
                lines += interests.map { "    \($0)" }
            }
            if !lines.isEmpty { out += "\nMembers' declared interests (from their own records):\n" + lines.map { $0 + "\n" }.joined() }
        case .member:
            let lines = directory.membershipLines(of: slug)
            out += "\nServes or served on:\n" + (lines.isEmpty ? ["  no body records an appointment"] : lines.map { "  " + $0 }).map { $0 + "\n" }.joined()
        default:
            break
        }
        return out
    }
}

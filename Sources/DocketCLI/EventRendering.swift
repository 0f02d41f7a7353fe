import DocketJSON
import EventStore
import Foundation
import PostgresClient

/// How events are printed: JSON Lines for programs, aligned text for people.
enum EventRendering {
    /// One JSON object per event: the log's fields, with actor, authority, reason and the correlation and
    /// causation ids each under its own key (as in docs/ledger-format.md §8) and `metadata` as stored.
    static func json(_ event: RecordedEvent) -> JSON {
        let context = event.context
        func text(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        func id(_ value: UUID?) -> JSON { value.map { .string($0.uuidString.lowercased()) } ?? .null }
        return .object([
            "actor": text(context.actor),
            "authority": text(context.authority),
            "reason": text(context.reason),
            "correlationId": id(context.correlationID),
            "causationId": id(context.causationID),
            "position": JSON(event.position),
            "stream": .string(event.stream),
            "version": JSON(event.version),
            "id": .string(event.id.uuidString.lowercased()),
            "type": .string(event.type),
            "schemaVersion": JSON(event.schemaVersion),
            "data": .object(event.data),
            "metadata": .object(event.metadata),
            "occurredAt": .string(timestamp(event.occurredAt)),
            "recordedAt": .string(timestamp(event.recordedAt)),
        ])
    }

    static func timestamp(_ date: Date) -> String {
        PostgresTimestamp.format(date)
    }

    static func text(_ event: RecordedEvent) -> String {
        var line = "#\(event.position)  \(event.stream) v\(event.version)  \(event.type)"
        line += "  occurred \(timestamp(event.occurredAt))  recorded \(timestamp(event.recordedAt))"
        if let actor = event.context.actor { line += "  by \(actor)" }
        if let authority = event.context.authority { line += " (\(authority))" }
        line += "\n    " + JSON.object(event.data).canonicalString
        return line
    }

    static func write(_ events: [RecordedEvent], asJSON: Bool) {
        var out = ""
        for event in events {
            out += asJSON ? json(event).canonicalString : text(event)
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

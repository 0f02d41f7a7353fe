import DocketJSON
import EventStore
import Foundation
import PostgresClient

/// How events are printed: JSON Lines for programs, aligned text for people.
enum EventRendering {
    /// One JSON object per event, keys as `docket append` takes them plus the log's own.
    static func json(_ event: RecordedEvent) -> JSON {
        var metadata = event.metadata
        let context = event.context
        if let actor = context.actor { metadata["actor"] = .string(actor) }
        if let authority = context.authority { metadata["authority"] = .string(authority) }
        if let reason = context.reason { metadata["reason"] = .string(reason) }
        if let id = context.correlationID { metadata["correlationId"] = .string(id.uuidString.lowercased()) }
        if let id = context.causationID { metadata["causationId"] = .string(id.uuidString.lowercased()) }
        return .object([
            "position": JSON(event.position),
            "stream": .string(event.stream),
            "version": JSON(event.version),
            "id": .string(event.id.uuidString.lowercased()),
            "type": .string(event.type),
            "schemaVersion": JSON(event.schemaVersion),
            "data": .object(event.data),
            "metadata": .object(metadata),
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

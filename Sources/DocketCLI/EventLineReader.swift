import Commissioning
import DocketJSON
import EventStore
import Foundation
import PostgresClient

/// Turns `docket append` input — JSON Lines, one event per line — into events, collecting every problem
/// with its line and column so the user can fix them all at once.
struct EventLineReader {
    /// The fields an input line may have.
    static let fields = ["stream", "type", "data", "id", "expectedVersion", "occurredAt", "metadata", "schemaVersion"]
    /// Metadata members stored as real columns of the log.
    static let contextFields = ["actor", "authority", "reason", "correlationId", "causationId"]

    struct Problem: CustomStringConvertible {
        var source: String
        var line: Int
        var column: Int?
        var message: String
        var description: String {
            "\(source):\(line)\(column.map { ":\($0)" } ?? ""): \(message)"
        }
    }

    var source: String
    private(set) var events: [NewEvent] = []
    private(set) var problems: [Problem] = []
    /// The input line of each event in `events`.
    private(set) var lines: [Int] = []

    init(source: String) {
        self.source = source
    }

    mutating func read(_ bytes: [UInt8]) {
        for line in InputSource.lines(bytes) {
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            // Refuse oversize lines before parsing them; the exact limit is checked on the canonical form.
            if line.bytes.count > EventStore.maximumEventBytes * 2 {
                problem(line.number, nil, "the event is \(line.bytes.count) bytes; an event may be at most 1 MiB")
                continue
            }
            do {
                let value = try JSON.parse(line.bytes)
                if let event = decode(value, line: line.number) {
                    events.append(event)
                    lines.append(line.number)
                }
            } catch {
                problem(line.number, error.column, error.message)
            }
        }
    }

    private mutating func problem(_ line: Int, _ column: Int?, _ message: String) {
        problems.append(Problem(source: source, line: line, column: column, message: message))
    }

    private mutating func decode(_ value: JSON, line: Int) -> NewEvent? {
        guard let object = value.objectValue else {
            problem(line, 1, "expected a JSON object with stream, type and data, found \(value.kindDescription)")
            return nil
        }
        let before = problems.count
        for key in object.keys.sorted() where !Self.fields.contains(key) {
            problem(line, nil, "unknown field \"\(key)\"; an event line has \(Self.fields.joined(separator: ", "))")
        }
        func string(_ key: String, required: Bool) -> String? {
            guard let member = object[key] else {
                if required { problem(line, nil, "missing field \"\(key)\" (a string)") }
                return nil
            }
            guard let text = member.stringValue, !text.isEmpty else {
                problem(line, nil, "field \"\(key)\" must be a non-empty string, found \(member.kindDescription)")
                return nil
            }
            return text
        }
        let stream = string("stream", required: true)
        let type = string("type", required: true)
        var data: [String: JSON]?
        if let member = object["data"] {
            data = member.objectValue
            if data == nil { problem(line, nil, "field \"data\" must be a JSON object, found \(member.kindDescription)") }
        } else {
            problem(line, nil, "missing field \"data\" (a JSON object)")
        }
        var id = UUID()
        if let text = string("id", required: false) {
            if let parsed = UUID(uuidString: text) { id = parsed } else {
                problem(line, nil, "field \"id\" must be a UUID such as 3f2b8c1e-7a40-4d8e-9c1a-2b7e5d9f0a11, found \"\(text)\"")
            }
        }
        var expected = ExpectedVersion.any
        switch object["expectedVersion"] {
        case nil: break
        case .string(let word)?:
            if let parsed = ExpectedVersion(word: word), Int64(word) == nil { expected = parsed } else {
                problem(line, nil, "unknown expectedVersion \"\(word)\"; use \"any\", \"noStream\", \"streamExists\" or a version number")
            }
        case let member?:
            if let version = member.int64Value, version >= 0 { expected = .exact(version) } else {
                problem(line, nil, "expectedVersion must be \"any\", \"noStream\", \"streamExists\" or a version number ≥ 0, found \(member.kindDescription)")
            }
        }
        var schemaVersion = 1
        if let member = object["schemaVersion"] {
            if let version = member.int64Value, version >= 1, version <= Int64(Int32.max) { schemaVersion = Int(version) } else {
                problem(line, nil, "schemaVersion must be a whole number ≥ 1")
            }
        }
        var occurredAt: Date?
        if let text = string("occurredAt", required: false) {
            occurredAt = PostgresTimestamp.parse(text)
            if occurredAt == nil {
                problem(line, nil, "occurredAt \"\(text)\" is not a valid RFC 3339 time (a day that exists in its month, seconds 00–59, an offset within ±23:59), such as 2012-03-31T10:00:00Z")
            }
        }
        var metadata = [String: JSON]()
        var context = EventContext()
        if let member = object["metadata"] {
            if let members = member.objectValue {
                metadata = members
                for key in Self.contextFields {
                    guard let value = metadata.removeValue(forKey: key) else { continue }
                    guard let text = value.stringValue else {
                        problem(line, nil, "metadata.\(key) must be a string, found \(value.kindDescription)")
                        continue
                    }
                    switch key {
                    case "actor": context.actor = text
                    case "authority": context.authority = text
                    case "reason": context.reason = text
                    default:
                        guard let uuid = UUID(uuidString: text) else {
                            problem(line, nil, "metadata.\(key) must be a UUID, found \"\(text)\"")
                            continue
                        }
                        if key == "correlationId" { context.correlationID = uuid } else { context.causationID = uuid }
                    }
                }
            } else {
                problem(line, nil, "field \"metadata\" must be a JSON object, found \(member.kindDescription)")
            }
        }
        guard problems.count == before, let stream, let type, let data else { return nil }
        let event = NewEvent(
            id: id, stream: stream, type: type, schemaVersion: schemaVersion, data: data, metadata: metadata,
            context: context, occurredAt: occurredAt, expectedVersion: expected)
        do {
            _ = try EventStore.validate(event)
        } catch {
            problem(line, nil, error.message)
            return nil
        }
        // The domain's rules, as far as they can be checked without the stream's version (the server checks
        // the rest): here they name the line.
        if let refusal = DomainEventRules.problem(
            stream: stream, type: type, schemaVersion: schemaVersion, data: data, version: nil) {
            problem(line, nil, "\(type) in stream \(stream) is not an event the domain can apply: \(refusal)")
            return nil
        }
        return event
    }
}

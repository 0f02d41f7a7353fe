import ArgumentParser
import DocketJSON
import EventStore
import Ledger
import Foundation
import PostgresClient

/// `docket stream STREAM`.
struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Print one stream's events in version order.",
        discussion: "With --json, one JSON object per line with the keys position, stream, version, id, type, schemaVersion, data, metadata, actor, authority, reason, correlationId, causationId, occurredAt and recordedAt."
    )

    @Argument(help: "The stream id, e.g. decision-somerset-dementia-2011.")
    var stream: String

    @Option(name: .customLong("as-of"),
            help: "Only events recorded at or before this time (ISO 8601, e.g. 2012-04-01 or 2012-04-01T09:00:00Z).")
    var asOf: String?

    @Flag(help: "Print JSON Lines.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let cutoff = try asOf.map(TimeArgument.parse)
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        let events = try store.readStream(stream, recordedAtOrBefore: cutoff)
        if events.isEmpty && !json {
            FileHandle.standardError.write(Data("stream \(stream) has no events\(asOf.map { " recorded by \($0)" } ?? "")\n".utf8))
        }
        EventRendering.write(events, asJSON: json)
    }
}

/// `docket log`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the whole log in position order.",
        discussion: """
            With --json, one JSON object per line in the public event form of docs/ledger-format.md §8: every \
            field the event's leaf commits to under its own key (position, id, stream, version, type, \
            schemaVersion, occurredAt, recordedAt, actor, authority, reason, correlationId, causationId, \
            metadata, data) and restrictedDigest, the salted digest of its restricted (personal) fields. \
            Anyone can rebuild every leaf from it.
            """
    )

    @Option(help: "Start at this position.")
    var from: Int64 = 1

    @Option(help: "Print at most this many events.")
    var limit: Int?

    @Flag(help: "Print JSON Lines.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if from < 1 { throw ValidationError("--from must be 1 or more (positions start at 1)") }
        if let limit, limit < 0 { throw ValidationError("--limit cannot be negative") }
    }

    func run() throws {
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        var after = from - 1
        var remaining = limit ?? Int.max
        while remaining > 0 {
            if json {
                let events = try store.readPublicLog(after: after, limit: min(remaining, 5000))
                guard let last = events.last else { break }
                FileHandle.standardOutput.write(Data(events.map { $0.json.canonicalString + "\n" }.joined().utf8))
                after = last.position
                remaining -= events.count
            } else {
                let events = try store.readLog(after: after, limit: min(remaining, 5000))
                guard let last = events.last else { break }
                EventRendering.write(events, asJSON: false)
                after = last.position
                remaining -= events.count
            }
        }
    }
}

/// Times on the command line: a date (`2012-04-01`, meaning its end in UTC) or an ISO 8601 time.
enum TimeArgument {
    static func parse(_ text: String) throws -> Date {
        if text.count == 10, let day = PostgresTimestamp.parse(text + "T00:00:00Z") {
            return day.addingTimeInterval(86_400 - 0.000_001)
        }
        guard let date = PostgresTimestamp.parse(text) else {
            throw ValidationError("\"\(text)\" is not a time; use ISO 8601, e.g. 2012-04-01 or 2012-04-01T09:30:00Z")
        }
        return date
    }
}

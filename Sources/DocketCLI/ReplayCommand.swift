import ArgumentParser
import Commissioning
import DocketJSON
import EventStore
import Foundation
import PostgresClient

/// `docket replay STREAM [--as-of TIME] [--occurred-by DAY] [--state] [--json]`.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "An auditor's view of one stream: each event with who acted, under which authority, when it occurred and was recorded, and what it changed.",
        discussion: """
            Organisations, bodies, members, programmes, decisions and contracts are named (members by role), money is \
            in pounds and days are written out. Each event shows only what it changed (old → new); a correction shows \
            the old and the new value and its reason, a retraction what it withdrew. An organisation's replay ends with \
            where its functions went, a body's with its members' declared interests, a member's with the bodies they \
            sit on. --state adds the whole state after the last event. --as-of shows the stream as the ledger stood \
            then (events recorded at or before TIME); --occurred-by as the world was (events that occurred by DAY). \
            Personal fields are not shown.
            """
    )

    @Argument(help: "The stream, <kind>-<id>, e.g. decision-somerset-diabetes-remodel-2011.")
    var stream: String

    @Option(help: "Only events recorded by then: a date (YYYY-MM-DD, end of that day UTC) or an RFC 3339 timestamp.")
    var asOf: String?

    @Option(help: "Only events that occurred by then: a date (YYYY-MM-DD, end of that day UTC) or an RFC 3339 timestamp.")
    var occurredBy: String?

    @Flag(help: "Also print the whole state after the last event.")
    var state = false

    @Flag(help: "Print JSON Lines, one event per line, with its changes and the state after it.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        FileHandle.standardOutput.write(Data(try output(store: store).utf8))
    }

    /// What `run` prints.
    func output(store: EventStore) throws -> String {
        guard let (kind, slug) = StreamKind.parse(stream: stream) else {
            throw CLIError("'\(stream)' is not a stream name: streams are <kind>-<id>, where kind is one of "
                + StreamKind.allCases.map(\.rawValue).joined(separator: ", ") + " (e.g. decision-somerset-diabetes-remodel-2011)")
        }
        let recordedBy = try asOf.map(TimeArgument.parse)
        let occurredCutoff = try occurredBy.map(TimeArgument.parse)
        let all = try store.readStream(stream).map(CommissioningRecorder.logged)
        guard !all.isEmpty else { throw try Self.unknownStream(stream, slug: slug, store: store) }
        var events = all
        if let recordedBy { events = events.filter { $0.recordedAt <= recordedBy } }
        if let occurredCutoff { events = events.filter { $0.occurredAt <= occurredCutoff } }
        guard !events.isEmpty else { throw Self.nothingYet(stream, all: all, asOf: asOf, occurredBy: occurredBy) }

        let bodies = kind == .member ? try Self.bodiesAppointing(slug, store: store) : []
        let directory = try Directory.around(events, alsoRead: bodies) { streams in
            try store.readStreams(streams).map(CommissioningRecorder.logged).filter { event in
                recordedBy.map { event.recordedAt <= $0 } ?? true
            }
        }
        let history = StreamHistory(stream: stream, events: events, directory: directory)
        return json
            ? history.json(directory: directory).map { $0.canonicalString + "\n" }.joined()
            : history.text(directory: directory, showingState: state)
    }

    /// No event at all: say so, and suggest streams whose names contain the id.
    static func unknownStream(_ stream: String, slug: String, store: EventStore) throws -> CLIError {
        let similar = try store.connection.query("""
            SELECT stream_id FROM docket.streams WHERE stream_id LIKE '%' || $1 || '%'
            ORDER BY stream_id NOT LIKE $2 || '-%', stream_id LIMIT 5
            """, [String(slug.prefix(40)), String(stream.prefix { $0 != "-" })]).rows.compactMap { try? $0.string("stream_id") ?? nil }
        var message = "there is no stream \(stream) in the ledger: no event was ever recorded in it"
        message += similar.isEmpty ? "; list streams with \(Invocation.hint("docket log"))" : "; did you mean " + similar.joined(separator: ", ") + "?"
        return CLIError(message)
    }

    /// Events exist, but none by the cut-off: say when the ledger learned of the first and when it occurred.
    static func nothingYet(_ stream: String, all: [LoggedEvent], asOf: String?, occurredBy: String?) -> CLIError {
        let first = all[0]
        let earliestOccurrence = all.map(\.occurredAt).min()!
        var parts: [String] = []
        if let asOf {
            parts.append("nothing of \(stream) had been recorded by \(asOf): the ledger learned of its first event on "
                + Readable.time(first.recordedAt) + " (it occurred on \(Readable.time(first.occurredAt)))."
                + " --as-of asks what the ledger knew then; for what had happened by then, use --occurred-by \(asOf)")
        }
        if let occurredBy {
            parts.append("nothing in \(stream) had occurred by \(occurredBy): its earliest event occurred on \(Readable.time(earliestOccurrence))")
        }
        return CLIError(parts.joined(separator: "; "))
    }

    /// The bodies whose streams appoint the member, so a member's replay can say where they sit.
    static func bodiesAppointing(_ member: String, store: EventStore) throws -> [String] {
        try store.connection.query("""
            SELECT DISTINCT stream_id FROM docket.events
            WHERE event_type = 'MemberAppointed' AND payload->>'member' = $1 ORDER BY stream_id
            """, [member]).rows.compactMap { try? $0.string("stream_id") ?? nil }
    }
}

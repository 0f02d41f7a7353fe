import ArgumentParser
import DocketJSON
import Foundation
import PostgresClient
import Projections

/// `docket replay STREAM [--as-of TIME]`.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "An auditor's view of one stream: each event with who acted, when it occurred and was recorded, and the state after it.",
        discussion: "The state is folded by the same code as the projection tables. --as-of shows the stream as the ledger stood then (events recorded at or before TIME). Personal fields are not shown."
    )

    @Argument(help: "The stream, e.g. decision-wirral-mas-2011.")
    var stream: String

    @Option(help: "A date (YYYY-MM-DD, end of that day UTC) or RFC 3339 timestamp.")
    var asOf: String?

    @Flag(help: "Print JSON Lines, one step per line.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let cutoff = try asOf.map(TimeArgument.parse)
        let connection = try database.connect(logger: CLILogging.logger())
        let steps = try StreamReplay.replay(connection, stream: stream, asOf: cutoff)
        guard !steps.isEmpty else {
            throw CLIError("stream \(stream) has no events\(asOf.map { " recorded by \($0)" } ?? ""); check the name with \(Invocation.hint("docket log"))")
        }
        var out = ""
        for step in steps {
            let event = step.event
            let state = JSON.object(step.state.mapValues { .object($0.mapValues { .object($0) }) })
            if json {
                out += JSON.object([
                    "position": JSON(event.position), "version": JSON(event.version), "type": .string(event.type),
                    "id": .string(event.id.uuidString.lowercased()), "actor": event.actor.map { .string($0) } ?? .null,
                    "authority": event.authority.map { .string($0) } ?? .null,
                    "occurred_at": .string(event.occurredAtText), "recorded_at": .string(event.recordedAtText),
                    "state": state,
                ]).canonicalString + "\n"
            } else {
                out += "#\(event.position) v\(event.version) \(event.type)  occurred \(event.occurredAtText)  recorded \(event.recordedAtText)\n"
                out += "  by \(event.actor ?? "(no actor)")" + (event.authority.map { " under \($0)" } ?? "") + (event.reason.map { " — \($0)" } ?? "") + "\n"
                for (table, rows) in step.state.sorted(by: { $0.key < $1.key }) {
                    for (id, fields) in rows.sorted(by: { $0.key < $1.key }) {
                        out += "  \(table) \(id):\n"
                        for (column, value) in fields.sorted(by: { $0.key < $1.key }) {
                            out += "    \(column) = \(value.stringValue ?? value.canonicalString)\n"
                        }
                    }
                }
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

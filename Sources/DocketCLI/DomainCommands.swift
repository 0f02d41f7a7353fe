import ArgumentParser
import Commissioning
import DocketJSON
import EventStore
import Foundation
import Projections

/// `docket record [FILE|-]`.
struct RecordCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "record",
            abstract: "Validate commissioning commands (JSON Lines) and append the events they produce.",
            discussion: """
                Every command is decoded and checked against the current state of the streams it touches before \
                anything is written; if any is invalid, all problems are listed with their line numbers and \
                nothing is appended. Valid input is appended in one transaction (sent in batches of about 2,000 \
                events while later commands are still being checked): if a concurrent writer changes a stream \
                first, the whole input fails with a version conflict and nothing is appended. Governance \
                irregularities are accepted and reported by docket findings.

                \(Catalogue.commandHelp())
                """
        )
    }

    @Argument(help: "A JSON Lines file of commands, or - for standard input (the default).")
    var file: String?

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let input = try InputSource.read(file)
        let lines = InputSource.lines(input.bytes).filter { !$0.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        guard !lines.isEmpty else { throw CLIError("\(input.name) holds no commands; nothing was appended") }
        // Parsed as they are checked, so the first batches reach the server while later lines are read.
        let commands = lines.lazy.map { line -> CommissioningRecorder.Input in
            let location = "\(input.name):\(line.number)"
            do throws(JSONParseError) {
                return (location, .success(try JSON.parse(line.bytes)))
            } catch {
                return (location, .failure(.init(location: "\(location):\(error.column)", message: error.message)))
            }
        }
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        var recorder = CommissioningRecorder(store: store)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try recorder.record(commands, namespace: UUID())
        let elapsed = seconds(clock.now - start)
        var summary = "recorded \(outcome.commands) commands: \(outcome.appended - outcome.duplicates) events appended"
        if let first = outcome.firstPosition, let last = outcome.lastPosition { summary += " (positions \(first)…\(last))" }
        if outcome.duplicates > 0 { summary += ", \(outcome.duplicates) already present" }
        summary += String(format: " in %.2f s (%.0f events/s)", elapsed, Double(outcome.appended) / max(elapsed, 1e-9))
        print(summary)
    }
}

/// `docket findings [--rule ID] [--commissioner ORG] [--as-of TIME] [--json]`.
struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List governance findings derived from the log: who, what and when by name, why it matters, the source, and the evidence.",
        discussion: """
            Each finding names members by role and bodies, programmes and decisions by title, says why the rule \
            matters and which report and section it comes from, and lists the events that show it (replay their \
            streams with docket replay). --commissioner keeps the findings of an organisation and of every \
            organisation it succeeded (a PCT's findings appear under its CCG). --as-of computes the findings as \
            the ledger stood then (events recorded at or before TIME).

            Rules: 
            """ + FindingRule.all.map { "\($0.id) — \($0.title)" }.joined(separator: "; ") + "."
    )

    @Option(help: "Only findings of this rule (repeatable).")
    var rule: [String] = []

    @Option(help: "Only findings of this commissioner (an organisation id) and of the organisations it succeeded.")
    var commissioner: String?

    @Option(help: "The findings as the ledger stood then: a date (YYYY-MM-DD, end of that day UTC) or an RFC 3339 timestamp.")
    var asOf: String?

    @Flag(help: "Print JSON Lines, one finding per line.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        let known = Set(FindingRule.all.map(\.id))
        for id in rule where !known.contains(id) {
            throw ValidationError("unknown rule '\(id)'; the rules are " + FindingRule.all.map(\.id).joined(separator: ", "))
        }
    }

    func run() throws {
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        FileHandle.standardOutput.write(Data(try output(store: store).utf8))
    }

    /// What `run` prints.
    func output(store: EventStore) throws -> String {
        let cutoff = try asOf.map(TimeArgument.parse)
        var (findings, directory) = try Self.findingsAndDirectory(in: store, recordedBy: cutoff)
        if !rule.isEmpty { findings = findings.filter { rule.contains($0.rule.id) } }
        var report = FindingReport(directory: directory, evidence: [:])
        if let commissioner {
            guard directory.knowsOrganisation(commissioner) else {
                throw CLIError("no organisation '\(commissioner)' in the ledger\(asOf.map { " as it stood on \($0)" } ?? ""); use an organisation id, e.g. somerset-ccg (\(Invocation.hint("docket replay")) organisation-<id> shows one)")
            }
            let lineage = directory.lineage(of: commissioner)
            findings = findings.filter { report.belongs($0, to: lineage) }
        }
        var evidence: [Int64: LoggedEvent] = [:]
        for position in Set(findings.flatMap { $0.events.map(\.position) }) {
            if let event = try store.readLog(after: position - 1, limit: 1).first { evidence[position] = CommissioningRecorder.logged(event) }
        }
        report = FindingReport(directory: directory, evidence: evidence)
        if json { return findings.map { report.json($0).canonicalString + "\n" }.joined() }
        var out = report.text(findings) + "\(findings.count) finding\(findings.count == 1 ? "" : "s")\n"
        if let asOf, findings.isEmpty, let first = try store.readLog(after: 0, limit: 1).first, let cutoff, first.recordedAt > cutoff {
            out += "Nothing had been recorded by \(asOf): the ledger's first event was recorded on \(Readable.time(first.recordedAt)). "
                + "--as-of asks what the ledger knew then, not what had happened by then.\n"
        }
        return out
    }

    static func findings(in store: EventStore) throws -> [Finding] {
        try findingsAndDirectory(in: store, recordedBy: nil).findings
    }

    /// The findings of the log (only events recorded by `recordedBy`, if given), and the directory of its names.
    static func findingsAndDirectory(in store: EventStore, recordedBy: Date?) throws -> (findings: [Finding], directory: Directory) {
        var detector = FindingsDetector()
        var directory = Directory()
        var after: Int64 = 0
        while true {
            let events = try store.readLog(after: after, limit: 5000)
            guard let last = events.last else { break }
            for event in events where recordedBy.map({ event.recordedAt <= $0 }) ?? true {
                let logged = CommissioningRecorder.logged(event)
                detector.observe(logged)
                directory.observe(logged)
            }
            after = last.position
        }
        return (detector.findings, directory)
    }
}

/// `docket demo`: the README's main command.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the embedded database, migrate it and load the demo ledger (three study sites, 2010–2013).",
        discussion: "Loading is deterministic: the same commands give the same event ids and payloads. Running it again finds the demo already loaded and changes nothing."
    )

    /// Fixed, so that derived event ids are the same on every load.
    static let namespace = UUID(uuidString: "6d6f6e65-7920-4b64-8f63-6b6574646d6f")!

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = EventStore(connection: try database.connect(logger: CLILogging.logger()))
        let commands = DemoLedger.commands().enumerated().map { (location: "demo command \($0.offset + 1)", json: $0.element) }
        var recorder = CommissioningRecorder(store: store)
        let outcome: CommissioningRecorder.Outcome
        if let firstEvent = try Self.firstEventID(), try store.contains(eventID: firstEvent) {
            print("The demo ledger is already loaded; nothing was appended.")
            outcome = CommissioningRecorder.Outcome()
        } else {
            outcome = try recorder.record(commands, namespace: Self.namespace)
        }
        // Bring the projections up to date, so analysts can query them as soon as the demo finishes.
        try runWorkerOnce(connection: store.connection, logger: CLILogging.logger())
        let findings = try FindingsCommand.findings(in: store)
        print(DemoLedger.summary)
        if outcome.appended > 0 {
            print("Loaded \(outcome.commands) commands as \(outcome.appended) events (positions \(outcome.firstPosition!)…\(outcome.lastPosition!)).")
        }
        let docket = Invocation.program
        let example = Self.exampleStream(store) ?? "decision-…"
        let hints: [(String, String)] = [
            ("\(docket) findings", "the planted irregularities: who, what, why it matters, the source"),
            ("\(docket) findings --commissioner somerset-ccg", "a CCG's findings, its PCT's included"),
            ("\(docket) replay decision-somerset-diabetes-remodel-2011", "who decided what, what changed"),
            ("\(docket) replay organisation-somerset-pct --state", "where its functions went in April 2013"),
            ("\(docket) query -f queries/members-voting-with-interests.dq", "a saved question (queries/)"),
            ("\(docket) projections status", "the read models, up to date"),
            ("\(docket) log --limit 10", "the log in commit order"),
            ("\(docket) stream \(example) --json", "one stream's events"),
            ("\(docket) keygen demo.key", "an Ed25519 key for checkpoints"),
            ("\(docket) checkpoint --key demo.key", "sign the tree as it stands"),
            ("\(docket) verify --key demo.key.pub", "recompute every leaf and the tree"),
            ("\(docket) export --out public --key demo.key", "open data: OCDS, CSV, the public log, a page"),
            ("\(docket) repl", "the analyst's shell"),
        ]
        let width = hints.map(\.0.count).max() ?? 0
        print("The log holds \(try store.headPosition()) events; \(findings.count) governance findings.\n\nTry next:")
        for (command, meaning) in hints {
            print("  " + command.padding(toLength: width, withPad: " ", startingAt: 0) + "  # " + meaning)
        }
    }

    /// The id of the demo's first event, found by running the first command against an empty state.
    static func firstEventID() throws -> UUID? {
        guard let first = DemoLedger.commands().first else { return nil }
        var state = CommissioningState(everyStreamLoaded: true)
        return try Command.decode(first).handle(in: &state, context: CommandContext(namespace: namespace, index: 0)).first?.id
    }

    static func exampleStream(_ store: EventStore) -> String? {
        try? store.connection.query("SELECT stream_id FROM docket.events WHERE stream_id LIKE 'decision-%' ORDER BY position LIMIT 1").string(0, 0)
    }
}

/// `docket generate`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic ledger as JSON Lines of commands, loadable with docket record.",
        discussion: "Realistic proportions: many commissioners and providers, programmes with consultations and decisions, allocations in pence across financial years. The same seed gives the same output."
    )

    @Option(help: "Stop once the commands written produce at least this many events.")
    var events: Int

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    func validate() throws {
        guard events >= 1 else { throw ValidationError("--events must be at least 1") }
    }

    func run() throws {
        var ledger = SyntheticLedger(seed: seed, plannedEvents: events)
        var buffer = [UInt8]()
        buffer.reserveCapacity(1 << 20)
        let output = FileHandle.standardOutput
        while ledger.eventsGenerated < events {
            ledger.next().write(canonicalTo: &buffer)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 {
                output.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        output.write(Data(buffer))
    }
}

import Commissioning
import DocketJSON
import Foundation
import Testing

/// An in-memory stand-in for the event store: checks expectations as the store would, assigns log
/// positions and stream versions, and keeps the log for the findings detector.
struct TestLedger {
    var state = CommissioningState(everyStreamLoaded: true)
    private(set) var log: [LoggedEvent] = []
    private var versions: [String: Int64] = [:]
    let namespace = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
    private var commandIndex = 0
    let recordedAt = Date(timeIntervalSince1970: 1_700_000_000)

    /// Decodes, validates and appends one command, failing the test on a store conflict.
    @discardableResult
    mutating func record(_ json: JSON) throws(CommandError) -> [ProposedEvent] {
        let command = try Command.decode(json)
        let events = try command.handle(in: &state, context: CommandContext(namespace: namespace, index: commandIndex))
        commandIndex += 1
        for event in events { append(event) }
        return events
    }

    mutating func record(_ commands: [JSON]) throws(CommandError) {
        for command in commands { try record(command) }
    }

    /// Appends as the store would: refuses an event whose expectation does not hold.
    mutating func append(_ event: ProposedEvent) {
        let current = versions[event.stream] ?? 0
        switch event.expectation {
        case .any: break
        case .noStream: #expect(current == 0, "stream \(event.stream) already exists")
        case .streamExists: #expect(current > 0, "stream \(event.stream) does not exist")
        case .exact(let version): #expect(current == version, "stream \(event.stream) is at \(current), not \(version)")
        }
        versions[event.stream] = current + 1
        log.append(event.logged(position: Int64(log.count + 1), version: current + 1, recordedAt: recordedAt))
    }

    var findings: [Finding] {
        var detector = FindingsDetector()
        for event in log { detector.observe(event) }
        return detector.findings
    }

    func findings(_ rule: FindingRule) -> [Finding] { findings.filter { $0.rule == rule } }

    func event(_ position: Int) -> LoggedEvent { log[position - 1] }

    var lastEvent: LoggedEvent { log[log.count - 1] }
}

/// The error a command raises, or nil when it is accepted.
func rejection(_ ledger: inout TestLedger, _ json: JSON) -> CommandError? {
    do {
        try ledger.record(json)
        return nil
    } catch {
        return error
    }
}

/// Expects the command to be refused with an issue on `field` whose message contains `message`.
func expectRejected(
    _ ledger: inout TestLedger, _ json: JSON, field: String, _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error = rejection(&ledger, json) else {
        Issue.record("expected \(json["command"]?.stringValue ?? "command") to be rejected at \(field)", sourceLocation: sourceLocation)
        return
    }
    let matching = error.issues.contains { $0.field == field && $0.message.contains(message) }
    #expect(matching, "expected '\(field): …\(message)…', got \(error.issues)", sourceLocation: sourceLocation)
}

extension JSON {
    /// The command with some fields replaced (null removes a field).
    func with(_ changes: [String: JSON]) -> JSON {
        guard var object = objectValue else { return self }
        for (key, value) in changes {
            if value.isNull { object[key] = nil } else { object[key] = value }
        }
        return .object(object)
    }
}

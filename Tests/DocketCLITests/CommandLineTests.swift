import Commissioning
import DocketJSON
@testable import DocketCLI
import DocketTestSupport
import EventStore
import Foundation
import PostgresClient
import Testing

/// Runs `docket` commands in-process against a fresh test database.
struct DocketRunner {
    let conninfo: String
    /// Input files written by this runner, removed with it.
    private let files = InputFiles()
    init(_ label: String) throws { conninfo = try TestDatabase.create(label) }

    func run(_ arguments: [String]) throws {
        var command = try Docket.parseAsRoot(arguments + ["--database-url", conninfo])
        try command.run()
    }

    func file(_ text: String) throws -> String {
        try fileBytes(Array(text.utf8))
    }

    func fileBytes(_ bytes: [UInt8]) throws -> String {
        let path = files.folder.appendingPathComponent("input-\(UUID()).jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    var store: EventStore { get throws { EventStore(connection: try Connection(conninfo)) } }
}

/// A private temporary folder, deleted when the last runner using it is released.
final class InputFiles: Sendable {
    let folder: URL

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-test-inputs-\(UUID())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

@Suite("docket append: bad input is refused whole")
struct AppendInputTests {
    static let good = #"{"stream":"minutes-a","type":"DecisionNoted","data":{"n":1}}"# + "\n"

    @Test(arguments: [
        ("malformed JSON", good + #"{"stream":"minutes-a", "type":"T" "data":{}}"#, ":2:35"),
        ("missing field", good + #"{"stream":"minutes-a","data":{}}"#, "missing field \"type\""),
        ("mistyped field", good + #"{"stream":"minutes-a","type":"T","data":[1]}"#, "must be a JSON object"),
        ("unknown expected-version word", good + #"{"stream":"s","type":"T","data":{},"expectedVersion":"latest"}"#, "unknown expectedVersion \"latest\""),
        ("unknown field", good + #"{"stream":"s","type":"T","data":{},"strem":"x"}"#, "unknown field \"strem\""),
    ])
    func badLinesAreReportedWithTheirLineAndNothingIsAppended(label: String, input: String, expected: String) throws {
        let docket = try DocketRunner("append")
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.file(input)]) }
        #expect(error.description.contains(expected), "\(label): \(error.description)")
        #expect(error.description.contains("nothing was appended"))
        #expect(try docket.store.headPosition() == 0)
    }

    @Test func invalidUTF8IsReportedWithItsPosition() throws {
        let docket = try DocketRunner("utf8")
        let bytes = Array(Self.good.utf8) + Array(#"{"stream":"s","type":"T","data":{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.fileBytes(bytes)]) }
        #expect(error.description.contains(":2:"))
        #expect(error.description.contains("UTF-8"))
        #expect(try docket.store.headPosition() == 0)
    }

    @Test func anEventOverOneMebibyteIsRefused() throws {
        let docket = try DocketRunner("big")
        let big = #"{"stream":"s","type":"T","data":{"x":""# + String(repeating: "a", count: 1 << 20) + "\"}}\n"
        let error = try #require(throws: CLIError.self) { try docket.run(["append", try docket.file(Self.good + big)]) }
        #expect(error.description.contains("1 MiB"))
        #expect(try docket.store.headPosition() == 0)
    }

    @Test func aBatchOverTheLimitIsRefusedUnlessSplitWithBatchSize() throws {
        let docket = try DocketRunner("batch")
        let input = String(repeating: Self.good, count: EventStore.maximumBatchEvents + 1)
        let path = try docket.file(input)
        let error = try #require(throws: CLIError.self) { try docket.run(["append", path]) }
        #expect(error.description.contains("--batch-size"))
        #expect(try docket.store.headPosition() == 0)
        try docket.run(["append", path, "--batch-size", "5000"])
        #expect(try docket.store.headPosition() == Int64(EventStore.maximumBatchEvents + 1))
    }

    /// The append benchmark's events are ones the domain accepts (it would stop at its first append
    /// otherwise). Its figures are not checked: timings belong to the bench, not to a test.
    @Test func theAppendBenchRunsToTheEnd() throws {
        let docket = try DocketRunner("benchappend")
        try docket.run(["bench", "append", "--events", "8", "--rounds", "2", "--json"])
    }

    @Test func aRefusedConnectionIsAClearErrorNotACrash() throws {
        var command = try Docket.parseAsRoot(["log", "--database-url", "host=/nonexistent-docket dbname=x connect_timeout=2"])
        let error = try #require(throws: PostgresError.self) { try command.run() }
        #expect(error.kind == .connectionFailed)
    }
}

@Suite("docket record, demo and findings")
struct DomainCommandTests {
    @Test func theDemoIsDeterministicAndItsFindingsCoverEveryRule() throws {
        let first = try DocketRunner("demo1"), second = try DocketRunner("demo2")
        try first.run(["demo"])
        try second.run(["demo"])
        try second.run(["demo"])  // a second load changes nothing
        let a = try first.store.readLog(after: 0, limit: 10_000)
        let b = try second.store.readLog(after: 0, limit: 10_000)
        #expect(!a.isEmpty)
        #expect(a.map(\.id) == b.map(\.id))
        #expect(a.map(\.data) == b.map(\.data))
        #expect(a.map(\.stream) == b.map(\.stream))
        let rules = Set(try FindingsCommand.findings(in: first.store).map(\.rule.id))
        #expect(rules == Set(FindingRule.all.map(\.id)))
    }

    @Test func everyInvalidCommandIsReportedByLineAndNothingIsAppended() throws {
        let docket = try DocketRunner("record")
        let input = """
            {"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"somerset-pct","kind":"primary-care-trust","name":"Somerset PCT"}
            {"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"Not A Slug","kind":"primary-care-trust","name":"X"}
            {"command":"no-such-command","actor":"Registrar"}
            {"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"wirral-pct","kind":"moon-base","name":"Y"}
            """
        let error = try #require(throws: RecordError.self) { try docket.run(["record", try docket.file(input)]) }
        #expect(error.problems.count == 3)
        #expect(error.problems.map(\.location).allSatisfy { $0.contains(".jsonl:") })
        #expect(error.problems.map { $0.location.split(separator: ":").last! } == ["2", "3", "4"])
        #expect(try docket.store.headPosition() == 0)
    }

    @Test func anInvalidCommandAfterBatchesWereSentStillLeavesNothingAppended() throws {
        let docket = try DocketRunner("recordlate")
        // More valid commands than one batch, so earlier batches reach the server before the bad one is checked.
        var lines = (0..<(CommissioningRecorder.batchEvents + 500)).map { n in
            #"{"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"trust-\#(n)","kind":"acute-trust","name":"Trust \#(n)"}"#
        }
        lines.append(#"{"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"trust-7","kind":"acute-trust","name":"Again"}"#)
        let error = try #require(throws: RecordError.self) { try docket.run(["record", try docket.file(lines.joined(separator: "\n"))]) }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].location.hasSuffix(":\(lines.count)"))
        #expect(try docket.store.headPosition() == 0)
        try docket.run(["record", try docket.file(lines.dropLast().joined(separator: "\n"))])
        #expect(try docket.store.headPosition() == Int64(lines.count - 1))
    }

    @Test func aLineThatIsNotJSONAfterBatchesWereSentIsReportedWithTheOthersInInputOrder() throws {
        let docket = try DocketRunner("recordjson")
        let step = CommissioningRecorder.stepCommands
        var lines = (0..<(3 * step)).map { n in
            #"{"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"trust-\#(n)","kind":"acute-trust","name":"Trust \#(n)"}"#
        }
        // In the third step, after two steps' batches went to the server: a command rejected when its step
        // is checked, before a line that is not JSON (found as soon as it is read, so first).
        lines[2 * step + 5] = #"{"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"trust-3","kind":"acute-trust","name":"Again"}"#
        lines[2 * step + 10] = #"{"command": "register-organisation", oops}"#
        let error = try #require(throws: RecordError.self) { try docket.run(["record", try docket.file(lines.joined(separator: "\n"))]) }
        #expect(error.problems.map(\.location).map { $0.split(separator: ":").dropFirst().joined(separator: ":") }
                == ["\(2 * step + 6)", "\(2 * step + 11):38"])
        #expect(try docket.store.headPosition() == 0)
    }

    @Test func streamsAlreadyInTheLogAreLoadedWhenALaterStepFirstReadsThem() throws {
        let docket = try DocketRunner("recordload")
        let existing = #"{"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"old-trust","kind":"acute-trust","name":"Old trust"}"#
        try docket.run(["record", try docket.file(existing)])
        // Enough new organisations that appends have begun before the last step reads old-trust.
        let fresh = (0..<(CommissioningRecorder.stepCommands + CommissioningRecorder.batchEvents)).map { n in
            #"{"command":"register-organisation","actor":"Registrar","occurredAt":"2010-04-01","organisation":"trust-\#(n)","kind":"acute-trust","name":"Trust \#(n)"}"#
        }
        let body = #"{"command":"establish-body","actor":"Registrar","occurredAt":"2010-05-01","body":"old-trust-board","organisation":"old-trust","name":"Old trust board","kind":"board"}"#
        let input = try docket.file((fresh + [existing]).joined(separator: "\n"))
        let again = try #require(throws: RecordError.self) { try docket.run(["record", input]) }
        #expect(again.problems.count == 1)
        #expect(again.problems.first?.message.contains("already") == true)
        #expect(try docket.store.headPosition() == 1)
        try docket.run(["record", try docket.file((fresh + [body]).joined(separator: "\n"))])
        #expect(try docket.store.headPosition() == Int64(fresh.count + 2))
        let bodyEvent = try #require(try docket.store.readLog(after: Int64(fresh.count + 1), limit: 1).first)
        #expect(bodyEvent.stream == "body-old-trust-board")
    }

    /// Once `record` has appended, it reads streams on a second connection. A request for an exclusive
    /// lock on the log, queued behind the recording transaction, would queue that read behind it in turn:
    /// a cycle the database cannot see. The read gives up and is made in the transaction instead.
    @Test func aStreamReadQueuedBehindAnExclusiveLockRequestFallsBackToTheTransaction() throws {
        let conninfo = try TestDatabase.create("recordlock")
        let store = EventStore(connection: try Connection(conninfo))
        let logged = try store.append([NewEvent(stream: "audit-old", type: "Noted", data: ["n": 1])])
        let appender = BackgroundAppender(store: store)
        defer { _ = try? appender.finish(commit: false) }
        appender.submit([NewEvent(stream: "audit-new", type: "Noted", data: ["n": 2])], locations: ["test"])
        let watcher = try Connection(conninfo)
        let recordingPID = store.connection.backendPID
        try TestDatabase.waitUntil("the recording transaction to hold the log") {
            try watcher.query("""
                SELECT count(*) FROM pg_locks WHERE pid = $1 AND relation = 'docket.events'::regclass AND granted
                """, [recordingPID]).int64(0, 0)! > 0
        }
        let locker = try Connection(conninfo)
        let lockerPID = locker.backendPID
        nonisolated(unsafe) let lockerConnection = locker
        let locked = DispatchSemaphore(value: 0)
        Thread {
            _ = try? lockerConnection.executeScript("BEGIN; LOCK TABLE docket.events IN ACCESS EXCLUSIVE MODE; ROLLBACK")
            locked.signal()
        }.start()
        try TestDatabase.waitUntil("the exclusive lock request to wait") {
            try watcher.query("SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted", [lockerPID]).int64(0, 0) == 1
        }

        nonisolated(unsafe) let reader = StreamReader(store: store)
        reader.appender = appender
        nonisolated(unsafe) var read: Result<[RecordedEvent], any Error>?
        let done = DispatchSemaphore(value: 0)
        Thread {
            read = Result { try reader.readStreams(["audit-old", "audit-none"]) }
            done.signal()
        }.start()
        if done.wait(timeout: .now() + 60) == .timedOut {
            _ = try watcher.query("SELECT pg_cancel_backend($1)", [lockerPID])  // break the cycle, then fail
            done.wait()
            Issue.record("the read waited behind the lock request")
        }
        // The same events the second connection would have returned (record never rereads a stream its
        // transaction wrote).
        #expect(try read?.get().map(\.id) == logged.map(\.id))
        _ = try appender.finish(commit: false)
        locked.wait()
    }

    @Test func twoWritersDecidingAtOnceGetAConflictNotACorruptedHistory() throws {
        let conninfo = try TestDatabase.create("conflict")
        let command: JSON = [
            "command": "register-organisation", "actor": "Registrar", "occurredAt": "2013-04-01",
            "organisation": "somerset-ccg", "kind": "clinical-commissioning-group", "name": "Somerset CCG",
        ]
        let alice = CommissioningRecorder(store: EventStore(connection: try Connection(conninfo)))
        var bob = CommissioningRecorder(store: EventStore(connection: try Connection(conninfo)))
        // Both validate against the same state: the organisation does not exist yet.
        let decodedA = try Command.decode(command), decodedB = try Command.decode(command)
        var stateA = CommissioningState(everyStreamLoaded: true), stateB = CommissioningState(everyStreamLoaded: true)
        let eventsA = try decodedA.handle(in: &stateA, context: CommandContext(namespace: UUID(), index: 0))
        let eventsB = try decodedB.handle(in: &stateB, context: CommandContext(namespace: UUID(), index: 0))
        try alice.store.append(eventsA.map(CommissioningRecorder.newEvent))
        let error = try #require(throws: EventStoreError.self) { try bob.store.append(eventsB.map(CommissioningRecorder.newEvent)) }
        #expect(error.kind == .versionConflict)
        #expect(error.stream == eventsB[0].stream)
        // Recording again through the recorder sees the new state and refuses the duplicate creation.
        #expect(throws: RecordError.self) { _ = try bob.record([("line 1", command)], namespace: UUID()) }
        _ = alice
        #expect(try EventStore(connection: try Connection(conninfo)).headPosition() == 1)
    }
}

@testable import DocketCLI
import DocketQuery
import DocketTestSupport
import EventStore
import Foundation
import Ledger
import PostgresClient
import QueryExecution
import Testing

@Suite("Execution: read-only, reader role, stamped, with messages of their own")
struct ExecutionTests {
    static let literals: [String] = {
        var generator = SeededGenerator(state: 2026)
        return (0..<300).map { _ in NastyText.random(using: &generator).replacing("\u{1}", with: "") }
    }()

    @Test func randomLiteralsComeBackExactlyAsWritten() throws {
        let connection = try DemoLedger.connection()
        for literal in Self.literals {
            let text = "from decisions | where title != \(NastyText.quoted(literal)) | derive x = \(NastyText.quoted(literal)) | select x | take 1"
            let answer = try DemoLedger.answer(text, on: connection)
            #expect(answer.rows == [[literal]], "\(literal.debugDescription)")
            let none = try DemoLedger.answer("from events | where type == \(NastyText.quoted(literal)) | aggregate n = count()", on: connection)
            #expect(none.rows == [["0"]])
        }
    }

    @Test func theStampIsThePositionItsMerkleRootAndTheNewestCheckpointBelowIt() throws {
        let connection = try DemoLedger.connection()
        let answer = try DemoLedger.answer("from decisions | take 1", on: connection)
        let head = try EventStore(connection: connection).headPosition()
        #expect(answer.stamp.position == head)
        #expect(answer.stamp.root == (try LedgerStore(connection: connection).head().root.hex))
        let early = try DemoLedger.answer("from decisions as of position 30 | take 1", on: connection)
        let leaves = try connection.query("SELECT encode(leaf_hash, 'hex') FROM docket.events WHERE position <= 30 ORDER BY position")
        #expect(early.stamp.position == 30)
        #expect(early.stamp.root == MerkleTree.root((0..<leaves.rowCount).map { Digest(hex: leaves.string($0, 0)!)! }).hex)
        let beyond = try QueryCompiler.compile("from decisions as of position 100000").get()
        let error = try #require(throws: QueryExecutionError.self) { try QueryExecutor.run(beyond, on: connection) }
        #expect(error.kind == .beyondReadModels)
        #expect(error.message.contains("position 100000"))
    }

    @Test func theStampNamesTheNewestSignedCheckpointAtOrBelowItsPosition() throws {
        let conninfo = try TestDatabase.create("querycheckpoint")
        var demo = try Docket.parseAsRoot(["demo", "--database-url", conninfo])
        try demo.run()
        let connection = try Connection(conninfo)
        let key = try SigningKey.generate(name: "query-test")
        let (stored, _) = try LedgerStore(connection: connection).makeCheckpoint(key: key, origin: "docket/query-test")
        let now = try DemoLedger.answer("from decisions | take 1", on: connection)
        #expect(now.stamp.checkpoint?.treeSize == Int64(stored.treeSize))
        #expect(now.stamp.checkpoint?.root == stored.rootHash.hex)
        #expect(now.stamp.checkpoint?.root == now.stamp.root)
        let earlier = try DemoLedger.answer("from decisions as of position 10 | take 1", on: connection)
        #expect(earlier.stamp.checkpoint == nil, "a checkpoint above the position is not the answer's")
    }

    @Test func theStatementRunsAsTheReaderSoPersonalDataIsOutOfReachEvenForABadStatement() throws {
        let connection = try DemoLedger.connection()
        var compiled = try QueryCompiler.compile("from responses | take 1").get()
        compiled.sql = "SELECT respondent_name AS c1 FROM projection.consultation_respondents"
        compiled.parameters = []
        let error = try #require(throws: QueryExecutionError.self) { try QueryExecutor.run(compiled, on: connection) }
        #expect(error.kind == .failed)
        #expect(error.message.contains("permission denied"))
        compiled.sql = "DELETE FROM projection.decisions RETURNING id AS c1"
        let write = try #require(throws: QueryExecutionError.self) { try QueryExecutor.run(compiled, on: connection) }
        #expect(write.message.contains("read-only") || write.message.contains("permission denied"))
        #expect(!connection.isInTransaction)
    }

    @Test func aStatementPastItsTimeoutIsStoppedWithAMessageOfItsOwn() throws {
        let connection = try DemoLedger.connection()
        var compiled = try QueryCompiler.compile("from decisions | select id | take 1").get()
        compiled.sql = "SELECT pg_sleep(5)::text AS c1"
        compiled.parameters = []
        let error = try #require(throws: QueryExecutionError.self) {
            try QueryExecutor.run(compiled, on: connection, options: .init(statementTimeout: .milliseconds(100)))
        }
        #expect(error.kind == .timeout)
        #expect(error.message.contains("statement timeout"))
        // The connection is still usable.
        #expect(try DemoLedger.answer("from decisions | aggregate n = count()", on: connection).rows.count == 1)
    }

    @Test func aCancelledStatementSaysSo() throws {
        let connection = try DemoLedger.connection()
        var compiled = try QueryCompiler.compile("from decisions | select id | take 1").get()
        compiled.sql = "SELECT pg_sleep(30)::text AS c1"
        compiled.parameters = []
        let token = try #require(connection.makeCancelToken())
        let pid = Int(connection.backendPID)
        let conninfo = try DemoLedger.conninfo.get()
        let cancelled = Thread {
            guard let watcher = try? Connection(conninfo) else { return }
            try? TestDatabase.waitUntil("the statement is running", timeout: .seconds(20)) {
                try watcher.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'", [pid]).int64(0, 0) == 1
            }
            token.cancel()
        }
        cancelled.start()
        let error = try #require(throws: QueryExecutionError.self) { try QueryExecutor.run(compiled, on: connection) }
        #expect(error.kind == .cancelled)
        #expect(error.message == "the query was cancelled before it finished")
    }

    @Test func aLostConnectionIsReportedAsSuch() throws {
        let connection = try DemoLedger.connection()
        let other = try DemoLedger.connection()
        try other.query("SELECT pg_terminate_backend($1)", [Int(connection.backendPID)])
        try TestDatabase.waitUntil("the session is gone", timeout: .seconds(10)) {
            try other.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [Int(connection.backendPID)]).int64(0, 0) == 0
        }
        let compiled = try QueryCompiler.compile("from decisions | take 1").get()
        let error = try #require(throws: QueryExecutionError.self) { try QueryExecutor.run(compiled, on: connection) }
        #expect(error.kind == .connectionLost)
    }

    @Test func formatsCarryTheStampAndTypes() throws {
        let connection = try DemoLedger.connection()
        let answer = try DemoLedger.answer(
            "from decisions | where id == \"somerset-diabetes-remodel-2011\" | select id, approved_amount, taken_on, recusals", on: connection)
        let json = AnswerFormat.json.render(answer)
        #expect(json.contains("\"approved_amount\":240000000"))
        #expect(json.contains("\"stamp\":{\"basis\":\"tables\""))
        let csv = AnswerFormat.csv.render(answer)
        #expect(csv.hasPrefix("id,approved_amount,taken_on,recusals\r\nsomerset-diabetes-remodel-2011,2400000.00,2011-02-10,"))
        #expect(AnswerFormat.table.render(answer).contains("£2,400,000.00"))
        #expect(AnswerFormat.jsonl.render(answer).split(separator: "\n").count == 1)
    }
}

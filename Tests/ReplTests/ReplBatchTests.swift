import DocketQuery
import DocketTestSupport
import Foundation
import PostgresClient
import Testing

/// `docket repl` in scripts: -c, -f, standard input, and psql's exit codes.
@Suite("docket repl in scripts")
struct ReplBatchTests {
    func script(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("docket-repl-\(UUID().uuidString).dq")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func allAnsweredExitsZero() throws {
        let run = try ReplRun.run(["--database-url", try ReplDatabases.demo.get(), "-c", "from decisions | select id | sort id | take 2"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("calderdale-dementia-priorities-2011") && run.output.contains("(2 rows)\n"))
        #expect(run.output.contains("as of position \(ReplDatabases.demoSize) · root "))
        #expect(!run.output.contains(" ms)"), "no timings in a script's output")
    }

    @Test func anErrorExitsOneAndTheScriptGoesOn() throws {
        let file = try script("from decisoins | take 1;\nfrom decisions | select id | sort id | take 1;\n")
        let run = try ReplRun.run(["--database-url", try ReplDatabases.demo.get(), "-f", file])
        #expect(run.status == 1)
        #expect(run.errors.contains("error[Q301]") && run.errors.contains("decisions"))
        #expect(run.output.contains("calderdale-dementia-priorities-2011"), "the query after the error ran")
    }

    @Test func onErrorStopExitsThreeAndStops() throws {
        let file = try script("\\format csv\nfrom decisions | select id | sort id | take 1;\n\\bogus\nfrom programmes | take 1;\n")
        let run = try ReplRun.run(["--database-url", try ReplDatabases.demo.get(), "--on-error-stop", "-f", file])
        #expect(run.status == 3)
        #expect(run.output == "id\r\ncalderdale-dementia-priorities-2011\r\n", "answers before the error, none after")
        #expect(run.errors.contains("unknown command \\bogus"))
    }

    @Test func queriesOnStandardInput() throws {
        let run = try ReplRun.run(["--database-url", try ReplDatabases.demo.get(), "--format", "csv"],
                                  input: "from decisions\n| select id\n| sort id\n| take 1;\nfrom programmes | select id | sort id | take 1\n")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.hasPrefix("id\r\ncalderdale-dementia-priorities-2011\r\nid\r\n"))
        #expect(!run.output.contains("docket>"), "no prompts when input is not a terminal")
    }

    @Test func noServerExitsTwo() throws {
        let run = try ReplRun.run(["--database-url", "host=/nonexistent-docket-socket-dir dbname=none", "-c", "from decisions"])
        #expect(run.status == 2)
        #expect(run.errors.contains("cannot connect"))
    }

    /// The server ends the session while a query waits on a lock: exit 2, and the rest of the script is not run.
    @Test func aLostConnectionExitsTwo() throws {
        let database = try TestDatabase.create("repllost")
        let table = try #require(QueryCatalogue.standard.source(named: "decisions")).table
        let locker = try Connection(database)
        try locker.executeScript("BEGIN; LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE")
        let waiting = """
            SELECT pid FROM pg_stat_activity
             WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock'
            """
        let killer = Thread {
            guard let terminator = try? Connection(database) else { return }
            var victim: Int64?
            try? TestDatabase.waitUntil("the script's query to wait for the lock") {
                victim = try terminator.query(waiting).int64(0, 0)
                return victim != nil
            }
            if let victim { _ = try? terminator.query("SELECT pg_terminate_backend($1::int)", [victim]) }
        }
        killer.start()
        let run = try ReplRun.run(["--database-url", database, "-c", "from decisions | take 1", "-c", "from programmes | take 1"])
        try locker.executeScript("ROLLBACK")
        #expect(run.status == 2, "\(run.errors)")
        #expect(run.errors.contains("connection"))
        #expect(!run.output.contains("(0 rows)"), "nothing after the lost connection ran")
    }

    /// A query kept waiting by a lock this test holds runs into the statement timeout: its own message,
    /// exit 1, and the script goes on.
    @Test func theStatementTimeoutStopsAQuery() throws {
        let database = try TestDatabase.create("repltimeout")
        let table = try #require(QueryCatalogue.standard.source(named: "decisions")).table
        let locker = try Connection(database)
        try locker.executeScript("BEGIN; LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE")
        defer { try? locker.executeScript("ROLLBACK") }
        let run = try ReplRun.run(["--database-url", database, "--timeout", "1", "--format", "csv",
                                   "-c", "from decisions | take 1", "-c", "from programmes | select id | take 1"])
        #expect(run.status == 1)
        #expect(run.errors.contains("the query ran longer than the statement timeout"))
        #expect(run.output == "id\r\n", "the next query ran (and found no programmes)")
    }
}

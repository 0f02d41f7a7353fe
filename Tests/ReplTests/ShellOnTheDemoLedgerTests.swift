@testable import DocketCLI
@testable import DocketQuery
import DocketShell
import DocketTestSupport
import Foundation
import PostgresClient
import Testing

/// The shell fed lines, on the demo ledger through the real engine (the reader role, PostgreSQL).
@Suite("The shell on the demo ledger")
struct ShellOnTheDemoLedgerTests {
    func shell() throws -> Shell {
        let engine = try LedgerQueryEngine(connection: try Connection(try ReplDatabases.demo.get()), statementTimeout: .seconds(30))
        return Shell(engine: engine, showsTiming: false)
    }

    func answers(_ events: [ShellEvent]) -> [String] {
        events.compactMap { if case .answer(let text) = $0 { text } else { nil } }
    }

    func errors(_ events: [ShellEvent]) -> [ShellError] {
        events.compactMap { if case .error(let error) = $0 { error } else { nil } }
    }

    @Test func theSessionAsOfAppliesToQueriesThatDoNotSayOtherwise() throws {
        let shell = try shell()
        let direct = answers(shell.handle(line: "from allocations as of 2012-04-01 | select id | sort id;"))
        _ = shell.handle(line: "\\as-of 2012-04-01")
        #expect(shell.prompt == "docket@2012-04-01> ")
        let viaSession = answers(shell.handle(line: "from allocations | select id | sort id;"))
        #expect(viaSession == direct)
        let stamp = try #require(shell.lastStamp)
        #expect(stamp.position < ReplDatabases.demoSize)
        let sql = answers(shell.handle(line: "\\sql")).joined()
        #expect(sql.contains("-- $1 = position: the last event recorded at or before 2012-04-01"))
        // A query with its own time keeps it.
        _ = shell.handle(line: "from allocations as of position \(ReplDatabases.demoSize) | take 1;")
        #expect(shell.lastStamp?.position == ReplDatabases.demoSize)
        // So does a history: every version, whatever the session's time.
        #expect(errors(shell.handle(line: "history of decision somerset-diabetes-remodel-2011 | select version;")).isEmpty)
        #expect(!answers(shell.handle(line: "\\sql")).joined().contains("2012-04-01"))
        _ = shell.handle(line: "\\as-of off")
        _ = shell.handle(line: "from allocations | take 1;")
        #expect(shell.lastStamp?.position == ReplDatabases.demoSize)
    }

    @Test func theStampNamesTheSignedCheckpointAndItsDate() throws {
        let conninfo = try TestDatabase.create("replcheckpoint")
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("docket-repl-\(UUID().uuidString).key").path
        for arguments in [["demo", "--database-url", conninfo], ["keygen", key, "--name", "repl-test"],
                          ["checkpoint", "--key", key, "--database-url", conninfo]] {
            var command = try Docket.parseAsRoot(arguments)
            try command.run()
        }
        let shell = Shell(engine: try LedgerQueryEngine(connection: try Connection(conninfo), statementTimeout: .seconds(30)),
                          showsTiming: false)
        let today = try Connection(conninfo).query("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')").string(0, 0) ?? ""
        let answer = answers(shell.handle(line: "from decisions | take 1;")).joined()
        #expect(answer.contains("as of position \(ReplDatabases.demoSize) · root ") && answer.contains(" · checkpoint \(today) (size \(ReplDatabases.demoSize), key repl-test)"))
        _ = shell.handle(line: "\\as-of position 100")
        let earlier = answers(shell.handle(line: "from decisions | take 1;")).joined()
        #expect(earlier.contains("as of position 100 of \(ReplDatabases.demoSize) in the log · root ") && earlier.contains("no signed checkpoint yet"),
                "a checkpoint above the position does not vouch for it")
    }

    @Test func sqlAndExplainDescribeTheLastQuery() throws {
        let shell = try shell()
        #expect(errors(shell.handle(line: "\\sql")).map(\.message) == ["no query yet: \\sql shows the SQL of the last query"])
        _ = shell.handle(line: #"from decisions | where title ~ "diabetes" | take 2;"#)
        let sql = answers(shell.handle(line: "\\sql")).joined()
        #expect(sql.contains("SELECT") && sql.contains("-- $1 = text \"diabetes\""))
        #expect(!sql.contains("'diabetes'"), "the value travels as a parameter")
        let plan = answers(shell.handle(line: "\\explain")).joined()
        #expect(plan.contains("Limit"))
    }

    @Test func anImpossibleAsOfIsRefusedWhenItIsSet() throws {
        let shell = try shell()
        let refused = errors(shell.handle(line: "\\as-of 2012-13-45"))
        #expect(refused.map(\.kind) == [.badCommand])
        #expect(refused.first?.message.hasPrefix("\\as-of: ") == true)
        #expect(shell.asOf == nil && shell.prompt == "docket> ")
    }

    @Test func stampDescribesTheLastAnswerInFull() throws {
        let shell = try shell()
        _ = shell.handle(line: "from decisions | take 1;")
        let text = shell.handle(line: "\\stamp").compactMap { if case .info(let text) = $0 { text } else { nil } }.joined()
        let stamp = try #require(shell.lastStamp)
        #expect(text.contains("position   \(ReplDatabases.demoSize) (tables)") && text.contains(stamp.root) && stamp.root.count == 64)
    }

    @Test func completionReadsTheCatalogueAndTheLedger() throws {
        let shell = try shell()
        #expect(shell.completions(before: "from ", word: "con") == ["consultations", "contracts"])
        #expect(shell.completions(before: "from decisions | select programme.", word: "ti") == ["title"])
        #expect(shell.completions(before: "from decisions | select programme.commissioner.", word: "na") == ["name"])
        #expect(shell.completions(before: "from decisions | where ", word: "approved") == ["approved_amount"])
        #expect(shell.completions(before: "from decisions | ", word: "ta") == ["taken_on", "take"])
        #expect(shell.completions(before: "history of ", word: "deci") == ["decision"])
        let expandable = shell.completions(before: "from decisions | expand ", word: "")
        #expect(["allocations", "contracts", "votes", "evidence"].allSatisfy(expandable.contains), "\(expandable)")
        #expect(shell.completions(before: "history of decision ", word: "somerset-diabetes-re") == ["somerset-diabetes-remodel-2011"])
        #expect(shell.completions(before: "", word: "\\fo") == ["\\format"])
        #expect(shell.completions(before: "\\d ", word: "decision") == ["decisions", "decision_bodies"].filter { QueryCatalogue.standard.source(named: $0) != nil })
        // A query typed over several lines: the source comes from an earlier line.
        _ = shell.handle(line: "from contracts")
        #expect(shell.completions(before: "| where ", word: "provider.na") .isEmpty)
        #expect(shell.completions(before: "| where provider.", word: "na") == ["name"])
    }

    @Test func theKeywordListIsTheParsers() {
        #expect(Set(Shell.keywords) == Set(Parser.keywords))
    }

    /// SQL typed into the shell is a query-language mistake, located, and never reaches PostgreSQL; the
    /// session itself can neither write nor read personal data.
    @Test(arguments: [
        "select * from projection.consultation_respondents",
        "from decisions; drop table docket.events",
        "from consultation_respondents",
        "from decisions | select respondent_name",
        #"from decisions | where title == "x'); delete from docket.events; --""#,
        "from events | select payload.respondentName",
        "delete from docket.events",
        "from decisions | where 1 == 1 union select * from pg_authid",
        "from events | select position, payload, metadata",
        "from responses",
    ])
    func sqlShapedInputCannotWriteOrReadPersonalData(input: String) throws {
        let conninfo = try ReplDatabases.demo.get()
        let owner = try Connection(conninfo)
        let before = try owner.query("SELECT count(*) FROM docket.events").int64(0, 0)
        let names = try owner.query("SELECT DISTINCT respondent_name FROM projection.consultation_respondents WHERE respondent_name IS NOT NULL")
        let personal = (0..<names.rowCount).compactMap { names.string($0, 0) }
        try #require(!personal.isEmpty, "the demo ledger has respondents' names to protect")
        let shell = try shell()
        let events = shell.handle(line: input + ";")
        for error in errors(events) {
            #expect(error.kind == .query, "\(error.message)")
            #expect(!error.message.contains("SQLSTATE") && !error.message.lowercased().contains("permission denied"))
        }
        for answer in answers(events) {
            for name in personal { #expect(!answer.contains(name), "a respondent's name reached an answer") }
        }
        #expect(try owner.query("SELECT count(*) FROM docket.events").int64(0, 0) == before)
    }

    @Test func theSessionHasOnlyTheReadersRights() throws {
        let engine = try LedgerQueryEngine(connection: try Connection(try ReplDatabases.demo.get()), statementTimeout: .seconds(30))
        #expect(try engine.connection.query("SELECT current_user").string(0, 0) == "docket_reader")
        #expect(throws: PostgresError.self) { try engine.connection.query("SELECT * FROM projection.consultation_respondents") }
        #expect(throws: PostgresError.self) { try engine.connection.query("DELETE FROM docket.events") }
        #expect(try engine.connection.query("SHOW statement_timeout").string(0, 0) == "30s")
    }

    @Test func includeAndOutputFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docket-repl-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("script.dq")
        try "\\format csv\nfrom decisions\n| select id | sort id\n| take 2;\nfrom programmes | select id | sort id | take 1\n".write(to: script, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.csv").path
        let shell = try shell()
        _ = shell.handle(line: "\\o \(output)")
        let events = shell.handle(line: "\\i \(script.path)")
        #expect(errors(events).isEmpty)
        #expect(answers(events).count == 2, "the last query of a file needs no ;")
        _ = shell.handle(line: "\\o")
        #expect(shell.outputPath == nil)
        #expect(errors(shell.handle(line: "\\i \(folder.path)/missing.dq")).map(\.kind) == [.file])
    }
}

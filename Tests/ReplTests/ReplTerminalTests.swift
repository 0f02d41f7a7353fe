import DocketQuery
import DocketTestSupport
import Foundation
import PostgresClient
import Testing

/// The REPL driven through a pseudo-terminal, as a person at a keyboard drives it.
@Suite("docket repl on a terminal")
struct ReplTerminalTests {
    static let docket = TestDatabase.packageRoot.appendingPathComponent(".build/debug/docket").path

    /// Line editing needs libedit's runtime (Debian: libedit2); without it the shell reads plain lines, which
    /// `withoutLibeditPlainLinesAndCtrlCStillWork` covers.
    static let hasLibedit = ["libedit.so.2", "libedit.so.0", "libedit.so"].contains { name in
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { return false }
        dlclose(handle)
        return true
    }

    /// A fresh `DOCKET_HOME` (for the history file) and the child's environment.
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "TERM": "xterm", "LANG": "C.UTF-8", "DOCKET_HOME": home.path, "PAGER": "",
        ]
        environment.merge(extra) { $1 }
        return environment
    }

    static func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("docket-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func start(home: URL, database: String, columns: Int = 100, extra: [String: String] = [:]) throws -> PseudoTerminal {
        try #require(FileManager.default.isExecutableFile(atPath: docket), "build docket first (swift build)")
        let terminal = try PseudoTerminal(docket, ["repl", "--database-url", database],
                                          environment: environment(home: home, extra: extra), columns: columns)
        // Starting (connecting, checking migrations) can be slow on a loaded machine; it is not what is tested.
        try terminal.expect("docket> ", timeout: .seconds(90))
        return terminal
    }

    @Test(.enabled(if: hasLibedit, "needs libedit's runtime (libedit2)"))
    func tabCompletesABackslashCommandAndItsArgument() throws {
        let database = try TestDatabase.create("replcomplete")
        let terminal = try Self.start(home: try Self.temporaryHome(), database: database)
        terminal.type("\\for\t")
        try terminal.expect("mat ")
        terminal.type("cs\t\r")
        try terminal.expect("Answers are shown as csv.")
        terminal.type("\\q\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test(.enabled(if: hasLibedit, "needs libedit's runtime (libedit2)"))
    func tabCompletesTheFileNameOfAnInclude() throws {
        let folder = try Self.temporaryHome()
        try "\\format csv\nfrom decisions | select id | sort id | take 1;\n".write(
            to: folder.appendingPathComponent("first-decision.dq"), atomically: true, encoding: .utf8)
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get())
        terminal.type("\\i \(folder.path)/first-d\t")
        try terminal.expect("ecision.dq ")
        terminal.type("\r")
        try terminal.expect("calderdale-dementia-priorities-2011")
        try terminal.expect("docket> ")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    /// `£` typed at the keyboard reaches the query intact, even with no locale set (libedit decodes keys
    /// with the C library, which the "C" locale limits to ASCII).
    @Test(.enabled(if: hasLibedit, "needs libedit's runtime (libedit2)"))
    func aPoundSignTypedInTheCLocaleReachesTheQuery() throws {
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get(), extra: ["LANG": "C"])
        terminal.type("from decisions | where approved_amount >= £1m | select id | sort id;\r")
        let table = try terminal.expect("(2 rows")
        #expect(table.contains("somerset-diabetes-continue-2013") && table.contains("somerset-diabetes-remodel-2011"))
        try terminal.expect("docket> ")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func ctrlCAtAContinuationPromptDiscardsTheQuery() throws {
        let database = try TestDatabase.create("replctrlc")
        let terminal = try Self.start(home: try Self.temporaryHome(), database: database)
        terminal.type("from decisions\r")
        try terminal.expect("...> ")
        terminal.type("| where title ~ \"£2.4m\"")
        terminal.type("\u{3}")
        try terminal.expect("docket> ")
        // Were the query still pending, this line would continue it instead of running as a command.
        terminal.type("\\stamp\r")
        try terminal.expect("no answer yet")
        try terminal.expect("docket> ")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test(.enabled(if: hasLibedit, "needs libedit's runtime (libedit2)"))
    func historySurvivesARestartWithoutDuplicates() throws {
        let database = try TestDatabase.create("replhistory")
        let home = try Self.temporaryHome()
        let first = try Self.start(home: home, database: database)
        for _ in 0..<2 {
            first.type("\\x on\r")
            try first.expect("Expanded display is on.")
        }
        first.type("\\timing off\r")
        try first.expect("Timing is off.")
        first.type("\\q\r")
        #expect(try first.waitForExit() == 0)
        let saved = try String(contentsOf: home.appendingPathComponent("history"), encoding: .utf8)
        #expect(saved == "\\x on\n\\timing off\n\\q\n")

        let second = try Self.start(home: home, database: database)
        // Up twice: the entry before \q and \timing off.
        second.type("\u{1b}[A\u{1b}[A\u{1b}[A\r")
        try second.expect("Expanded display is on.")
        try second.expect("docket> ")
        second.type("\u{4}")
        #expect(try second.waitForExit() == 0)
    }

    @Test(.enabled(if: hasLibedit, "needs libedit's runtime (libedit2)"))
    func tabCompletesASourceAndAFieldThroughAReference() throws {
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get())
        // "decis" + Tab → "decisions "; "programme.tit" + Tab → "programme.title ".
        terminal.type("from decis\t")
        try terminal.expect("ions ")
        terminal.type("| where id == \"somerset-diabetes-remodel-2011\" | select programme.tit\t")
        try terminal.expect("le ")
        terminal.type(";\r")
        try terminal.expect("programme_title")
        try terminal.expect("(1 row")
        try terminal.expect("as of position \(ReplDatabases.demoSize)")
        terminal.type("\\q\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func aQueryAnswersWithATableFittedToTheTerminalAndItsStamp() throws {
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get(), columns: 60)
        terminal.type("from decisions | select id, title, approved_amount\r")
        try terminal.expect("...> ")
        terminal.type("| sort id | take 2;\r")
        let table = try terminal.expect("(2 rows, ")
        try terminal.expect("as of position \(ReplDatabases.demoSize) · root ")
        try terminal.expect("docket> ")
        let lines = table.split(separator: "\r\n").filter { $0.contains("|") }
        #expect(!lines.isEmpty)
        for line in lines { #expect(line.count <= 60, "wider than the terminal: \(line)") }
        #expect(table.contains("£150,000.00"))
        #expect(table.contains("∅"), "a decision without an approved amount shows null distinctly")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test(.enabled(if: hasLibedit, "needs libedit's runtime (libedit2)"))
    func aTerminalResizedWhileTypingGetsAnswersOfItsNewWidth() throws {
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get(), columns: 120)
        terminal.type("from decisions | select id, title")
        terminal.resize(columns: 50, rows: 30)
        terminal.type(" | sort id | take 3;\r")
        let table = try terminal.expect("(3 rows")
        let lines = table.split(separator: "\r\n").filter { $0.hasPrefix(" ") && $0.contains(" | ") }
        #expect(lines.count >= 4)
        for line in lines { #expect(line.count <= 50, "wider than the resized terminal: \(line)") }
        try terminal.expect("docket> ")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func aLostConnectionEndsTheSessionWithExitCodeTwo() throws {
        let database = try TestDatabase.create("repllostterminal")
        let terminal = try Self.start(home: try Self.temporaryHome(), database: database)
        let admin = try Connection(database)
        let terminated = try admin.query("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
            """).int64(0, 0)
        #expect(terminated == 1)
        terminal.type("from decisions | take 1;\r")
        try terminal.expect("connection to the database was lost")
        #expect(try terminal.waitForExit() == 2)
    }

    /// A query kept waiting by a lock this test holds: Ctrl-C must cancel it on the server, bring the prompt
    /// back, and leave nothing running.
    @Test func ctrlCCancelsARunningQueryOnTheServer() throws {
        let database = try TestDatabase.create("replcancel")
        let table = try #require(QueryCatalogue.standard.source(named: "decisions")).table
        let locker = try Connection(database)
        try locker.executeScript("BEGIN; LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE")
        let terminal = try Self.start(home: try Self.temporaryHome(), database: database)
        // Two queries on the line: Ctrl-C stops both, not just the one running.
        terminal.type("from decisions | take 1; from programmes | take 1;\r")
        let watcher = try Connection(database)
        let waiting = """
            SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> $1
               AND state = 'active' AND wait_event_type = 'Lock'
            """
        try TestDatabase.waitUntil("the query to wait for the lock") {
            try watcher.query(waiting, [Int64(locker.backendPID)]).int64(0, 0) == 1
        }
        terminal.type("\u{3}")
        try terminal.expect("query cancelled", timeout: .seconds(3))
        let after = try terminal.expect("docket> ", timeout: .seconds(3))
        #expect(!after.contains("rows"), "the second query did not run")
        let running = """
            SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> $1 AND state <> 'idle'
            """
        #expect(try watcher.query(running, [Int64(locker.backendPID)]).int64(0, 0) == 0, "nothing left running")
        try locker.executeScript("ROLLBACK")
        // The session carries on.
        terminal.type("from decisions | take 1;\r")
        try terminal.expect("(0 rows")
        try terminal.expect("docket> ")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func aLongAnswerGoesThroughThePager() throws {
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get(),
                                      extra: ["PAGER": "sed -e 's/^/paged: /'"])
        terminal.type("from events | select position | take 5;\r")
        let short = try terminal.expect("(5 rows")
        #expect(!short.contains("paged: "), "an answer that fits the screen is not paged")
        try terminal.expect("docket> ")
        terminal.type("from events | select position | sort position | take 40;\r")
        try terminal.expect("paged:  position")
        try terminal.expect("paged: (40 rows")
        try terminal.expect("docket> ")
        terminal.type("\\q\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func withoutLibeditPlainLinesAndCtrlCStillWork() throws {
        let terminal = try Self.start(home: try Self.temporaryHome(), database: try ReplDatabases.demo.get(),
                                      extra: ["DOCKET_LINE_EDITING": "off"])
        terminal.type("from decisions\r")
        try terminal.expect("...> ")
        terminal.type("\u{3}")
        try terminal.expect("docket> ")
        terminal.type("\\stamp\r")
        try terminal.expect("no answer yet")
        try terminal.expect("docket> ")
        terminal.type("from decisions | take 1;\r")
        try terminal.expect("(1 row")
        try terminal.expect("docket> ")
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }
}

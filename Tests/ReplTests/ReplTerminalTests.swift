import DocketTestSupport
import Foundation
import Testing

/// The REPL driven through a pseudo-terminal, as a person at a keyboard drives it.
@Suite("docket repl on a terminal")
struct ReplTerminalTests {
    static let docket = TestDatabase.packageRoot.appendingPathComponent(".build/debug/docket").path

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
        try terminal.expect("docket> ")
        return terminal
    }

    @Test func tabCompletesABackslashCommandAndItsArgument() throws {
        let database = try TestDatabase.create("replcomplete")
        let terminal = try Self.start(home: try Self.temporaryHome(), database: database)
        terminal.type("\\for\t")
        try terminal.expect("mat ")
        terminal.type("cs\t\r")
        try terminal.expect("Answers are shown as csv.")
        terminal.type("\\q\r")
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

    @Test func historySurvivesARestartWithoutDuplicates() throws {
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
}

import ArgumentParser
@testable import DocketCLI
import DocketTestSupport
import Foundation
import Testing

@Suite("docket query: exit statuses")
struct QueryCommandTests {
    func run(_ arguments: [String]) throws {
        var command = try Docket.parseAsRoot(arguments)
        try command.run()
    }

    @Test func aMistakeInTheQueryExitsWithStatusOneBeforeTouchingTheDatabase() throws {
        // An unreachable server: the mistake is found first.
        let error = try #require(throws: ExitCode.self) {
            try run(["query", "from decisons", "--database-url", "postgresql://nobody@/none?host=/nonexistent"])
        }
        #expect(error == ExitCode(1))
    }

    @Test func sqlPrintsTheStatementWithoutConnecting() throws {
        try run(["query", "from decisions | take $n", "--param", "n=3", "--sql", "--database-url", "postgresql://nobody@/none?host=/nonexistent"])
    }

    @Test func anUnreachableDatabaseExitsWithStatusTwo() throws {
        let error = try #require(throws: ExitCode.self) {
            try run(["query", "from decisions", "--database-url", "postgresql://nobody@/none?host=/nonexistent"])
        }
        #expect(error == ExitCode(2))
    }

    @Test func answersOnTheDemoLedgerInEveryFormat() throws {
        let conninfo = try DemoLedger.conninfo.get()
        for format in ["table", "csv", "json", "jsonl"] {
            try run(["query", "from findings | select rule", "--format", format, "--database-url", conninfo])
        }
        try run(["query", "-f", TestDatabase.packageRoot.appendingPathComponent("queries/findings-by-rule.dq").path, "--explain", "--database-url", conninfo])
    }
}

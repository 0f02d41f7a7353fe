import DocketQuery
import DocketTestSupport
import Foundation
import QueryExecution
import Testing

/// Every saved query in queries/: its compiled SQL and its answer on the demo ledger match the golden files
/// in queries/golden/. Re-record with `DOCKET_RECORD_GOLDENS=1 swift test --filter SavedQueryTests`.
@Suite("Saved queries: compiled SQL and answers on the demo ledger")
struct SavedQueryTests {
    static let folder = TestDatabase.packageRoot.appendingPathComponent("queries")
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".dq") }.map { String($0.dropLast(3)) }.sorted()
    }

    @Test func thereAreAtLeastTwelveEachWithACommentSayingWhatItAnswers() throws {
        #expect(Self.names.count >= 12)
        for name in Self.names {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(name + ".dq"), encoding: .utf8)
            #expect(text.hasPrefix("# "), "\(name).dq starts with a comment saying what it answers")
        }
    }

    @Test(arguments: SavedQueryTests.names)
    func compiledSQLMatchesItsGolden(name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name + ".dq"), encoding: .utf8)
        let compiled = try QueryCompiler.compile(text).get()
        let listing = QueryCompiler.listing(compiled)
        if let golden = try Golden.check(listing, at: Self.folder.appendingPathComponent("golden/\(name).sql")) {
            #expect(listing == golden)
        }
    }

    @Test(arguments: SavedQueryTests.names)
    func answerOnTheDemoLedgerMatchesItsGolden(name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name + ".dq"), encoding: .utf8)
        let connection = try DemoLedger.connection()
        var answer = try DemoLedger.answer(text, on: connection)
        // The root depends on recorded times, which are the time the demo was loaded; the position does not.
        answer.stamp.root = "<root of the first \(answer.stamp.position) events>"
        let rendered = AnswerFormat.table.render(answer)
        if let golden = try Golden.check(rendered, at: Self.folder.appendingPathComponent("golden/\(name).txt")) {
            #expect(rendered == golden)
        }
    }
}

import Commissioning
@testable import DocketCLI
import Foundation
import Testing

@Suite("docket replay")
struct ReplayCommandTests {
    static func replay(_ docket: DocketRunner, _ arguments: [String]) throws -> String {
        let command = try #require(try Docket.parseAsRoot(["replay"] + arguments + ["--database-url", docket.conninfo]) as? ReplayCommand)
        return try command.output(store: try docket.store)
    }

    @Test func readsForAPersonAndNamesWhatTheEventsReferTo() throws {
        let docket = try DocketRunner("replay")
        try docket.run(["demo"])
        let text = try Self.replay(docket, ["decision-somerset-diabetes-remodel-2011", "--state"])
        #expect(text.contains("GP board member A, Somerset PCT (GP member, Somerset PCT Board): present, voted for"))
        #expect(text.contains("~ Status: proposed → taken"))
        #expect(text.contains("Approved amount: £2,400,000.00"))
        #expect(text.contains("State after #"))
        #expect(!text.contains("somerset-gp-member-a"))
        let wirral = try Self.replay(docket, ["organisation-wirral-pct"])
        #expect(wirral.contains("Where its functions went:"))
        let json = try Self.replay(docket, ["consultation-calderdale-dementia-review-2011", "--json"])
        #expect(json.split(separator: "\n").contains { $0.contains(#""kind":"correction""#) })
    }

    @Test(arguments: [
        (["decision-somerset-diabetes-remodel-2011", "--as-of", "2012-01-01"], "had been recorded by 2012-01-01"),
        (["decision-somerset-diabetes-remodel-2011", "--occurred-by", "2010-01-01"], "had occurred by 2010-01-01"),
        (["decision-somerset-diabetes"], "there is no stream decision-somerset-diabetes in the ledger"),
        (["somerset"], "is not a stream name"),
    ])
    func errorsSayWhatIsActuallyWrong(arguments: [String], expected: String) throws {
        let docket = try DocketRunner("replayerr")
        try docket.run(["demo"])
        let error = try #require(throws: CLIError.self) { try Self.replay(docket, arguments) }
        #expect(error.description.contains(expected), "\(error.description)")
    }
}
